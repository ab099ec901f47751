/**
 * Origin-scoped tool allowlists (DESIGN §3). Pure, compiled once per policy, and shared by the
 * bridge (never offer or run a disallowed tool) and the server (the security boundary, applied to
 * the server-observed `Origin`). Both must give the same answer for every case.
 */
import type { WebmcpSettings } from '../protocol/index.js';
import { compileGlob } from './glob.js';
import { compileOrigin, parseOrigin, type OriginMatcher } from './origin.js';

export type PolicyReason =
  | 'webmcp_disabled'
  | 'no_allowlist'
  | 'allowlist_empty'
  | 'origin_invalid'
  | 'origin_not_listed'
  | 'tool_not_listed'
  | 'rule_matched';

export interface PolicyDecision {
  admitted: boolean;
  reason: PolicyReason;
  /** Index of the rule that admitted the tool, when one did. */
  rule?: number;
}

export interface ToolPolicy {
  /** Decides whether tool `name` (bare) may be used on a page of `origin`. */
  check(origin: string, name: string): PolicyDecision;
}

interface CompiledRule {
  origin: OriginMatcher;
  tools: (name: string) => boolean;
}

/**
 * Compiles WebMCP settings into a policy. Invalid origin patterns and invalid tool globs never
 * match (and never throw), so one bad rule cannot open or break the rest. Globs are described in
 * `glob.ts`; matching them takes bounded time whatever the pattern.
 */
export function compilePolicy(settings: WebmcpSettings | undefined): ToolPolicy {
  // No settings at all is "not enabled" (DESIGN §3: admitted only when `enabled` is true): fail closed.
  if (!settings?.enabled) return { check: () => ({ admitted: false, reason: 'webmcp_disabled' }) };
  const allowlist = settings.allowlist;
  if (!allowlist) {
    return {
      check: (origin) =>
        parseOrigin(origin) ? { admitted: true, reason: 'no_allowlist' } : { admitted: false, reason: 'origin_invalid' },
    };
  }
  if (allowlist.length === 0) return { check: () => ({ admitted: false, reason: 'allowlist_empty' }) };
  const rules: CompiledRule[] = allowlist.map((rule) => ({
    origin: safeOrigin(rule.origin),
    tools: safeGlobs(rule.tools),
  }));
  return {
    check(origin, name) {
      if (!parseOrigin(origin)) return { admitted: false, reason: 'origin_invalid' };
      let originListed = false;
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        if (!rule.origin(origin)) continue;
        originListed = true;
        if (rule.tools(name)) return { admitted: true, reason: 'rule_matched', rule: i };
      }
      return { admitted: false, reason: originListed ? 'tool_not_listed' : 'origin_not_listed' };
    },
  };
}

/** Both policies must admit: how a page narrows the surface's rules (it can never widen them). */
export function intersectPolicies(outer: ToolPolicy, inner: ToolPolicy | undefined): ToolPolicy {
  if (!inner) return outer;
  return {
    check(origin, name) {
      const first = outer.check(origin, name);
      return first.admitted ? inner.check(origin, name) : first;
    },
  };
}

function safeGlobs(globs: readonly string[]): (name: string) => boolean {
  const matchers: Array<(name: string) => boolean> = [];
  for (const glob of globs) {
    try {
      matchers.push(compileGlob(glob));
    } catch {
      // an invalid glob admits nothing; config validation reports it to the operator
    }
  }
  return (name) => matchers.some((match) => match(name));
}

function safeOrigin(pattern: string): OriginMatcher {
  try {
    return compileOrigin(pattern);
  } catch {
    return () => false; // an invalid pattern admits nothing; config validation reports it to the operator
  }
}
