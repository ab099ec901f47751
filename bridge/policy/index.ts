export { compilePolicy, intersectPolicies } from './allowlist.js';
export type { PolicyDecision, PolicyReason, ToolPolicy } from './allowlist.js';
export { GLOB_LIMITS, compileGlob, globProblem } from './glob.js';
export { compileOrigin, parseOrigin } from './origin.js';
export type { OriginMatcher } from './origin.js';
