export { compilePolicy, withToolPatterns } from './allowlist.js';
export { compileRules, intersectPolicies, needsGlobCompiler } from './rules.js';
export type { GlobCompiler, PolicyDecision, PolicyReason, ToolDecision, ToolPolicy } from './rules.js';
export { GLOB_LIMITS, compileGlob, globProblem, toolsPatternOf } from './glob.js';
export { compileOrigin, parseOrigin } from './origin.js';
export type { OriginMatcher } from './origin.js';
