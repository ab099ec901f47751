/**
 * Origin-scoped tool allowlists (architecture.md §3). Pure, compiled once per policy, and shared by the
 * bridge (never offer or run a disallowed tool) and the server (the security boundary, applied to
 * the server-observed `Origin`). Both must give the same answer for every case.
 */
import type { OriginRule, WebmcpSettings } from '../protocol/index.js';
import { compileOrigin, parseOrigin, type OriginMatcher } from './origin.js';

/** Compiles one tool glob to a matcher; throws for a glob it refuses. */
export type GlobCompiler = (glob: string) => (name: string) => boolean;

/** Longest name a rule is matched against: the wire limit of a tool name. */
const MAX_NAME_LENGTH = 128;

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

/** The policy's decision on one offered tool, as the server records it (a tool sighting). */
export interface ToolDecision {
  /** Bare tool name. */
  toolName: string;
  status: 'admitted' | 'rejected';
  reason: PolicyReason;
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
 * Compiles WebMCP settings into a policy, without a glob compiler of its own: a rule's tools are
 * matched with its server-compiled `toolsPattern` when it has one, else with `compileGlob` (the
 * browser loads picomatch only then). Invalid origin patterns and invalid tool globs never match
 * (and never throw), so one bad rule cannot open or break the rest.
 */
export function compileRules(settings: WebmcpSettings | undefined, compileGlob?: GlobCompiler): ToolPolicy {
  // No settings at all is "not enabled" (architecture.md §3: admitted only when `enabled` is true): fail closed.
  if (!settings?.enabled) return { check: () => ({ admitted: false, reason: 'webmcp_disabled' }) };
  const allowlist = settings.allowlist;
  if (!allowlist) {
    return {
      check: (origin) =>
        parseOrigin(origin)
          ? { admitted: true, reason: 'no_allowlist' }
          : { admitted: false, reason: 'origin_invalid' },
    };
  }
  if (allowlist.length === 0) return { check: () => ({ admitted: false, reason: 'allowlist_empty' }) };
  const rules: CompiledRule[] = allowlist.map((rule) => ({
    origin: safeOrigin(rule.origin),
    tools: toolMatcher(rule, compileGlob),
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

/** True when matching `settings` needs a glob compiler (some rule has no server-compiled pattern). */
export function needsGlobCompiler(settings: WebmcpSettings | undefined): boolean {
  return (
    !!settings?.enabled &&
    !!settings.allowlist?.some((rule) => rule.toolsPattern === undefined && rule.tools.length > 0)
  );
}

function toolMatcher(rule: OriginRule, compileGlob: GlobCompiler | undefined): (name: string) => boolean {
  if (rule.toolsPattern !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(rule.toolsPattern);
    } catch {
      return () => false; // a pattern the browser cannot compile admits nothing
    }
    return (name) => name.length > 0 && name.length <= MAX_NAME_LENGTH && re.test(name);
  }
  if (!compileGlob) return () => false; // no way to read the globs: fail closed
  const matchers: Array<(name: string) => boolean> = [];
  for (const glob of rule.tools) {
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
