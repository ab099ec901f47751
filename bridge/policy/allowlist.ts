/**
 * The allowlist policy with picomatch globs: what the server uses (and the browser when a rule
 * comes without a server-compiled pattern). See `rules.ts` for the policy itself.
 */
import type { OriginRule, WebmcpSettings } from '../protocol/index.js';
import { compileGlob, globProblem, toolsPatternOf } from './glob.js';
import { compileRules, type ToolPolicy } from './rules.js';

/** Compiles WebMCP settings into a policy, reading tool globs with picomatch. */
export function compilePolicy(settings: WebmcpSettings | undefined): ToolPolicy {
  return compileRules(settings, compileGlob);
}

/**
 * The settings as the init response sends them: each rule gains `toolsPattern`, the regular
 * expression picomatch compiled its globs to, so the browser matches exactly as the server does.
 */
export function withToolPatterns(settings: WebmcpSettings): WebmcpSettings {
  if (!settings.allowlist) return { enabled: settings.enabled };
  return {
    enabled: settings.enabled,
    allowlist: settings.allowlist.map((rule): OriginRule => ({
      origin: rule.origin,
      tools: [...rule.tools],
      toolsPattern: toolsPatternOf(rule.tools.filter((g) => !globProblem(g))),
    })),
  };
}
