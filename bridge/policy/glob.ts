/**
 * Tool-name globs of allowlist rules: picomatch globs (`dot: true`, no negation, no extglobs),
 * compiled once, behind a complexity check. picomatch turns globs into regular expressions, and a
 * few patterns (`*a*a*a*a*a…`, nested alternatives between stars) make those backtrack for seconds
 * on a 128-character name; such patterns are refused — the server reports them with their path
 * when it reads its config, and a policy never matches them — so matching stays in bounded time.
 *
 * @example compileGlob('search_*')('search_products') // true
 */
import picomatch from 'picomatch/posix.js';

export const GLOB_LIMITS = {
  /** Characters in one glob. */
  maxLength: 256,
  /** Runs of `*` (each run of consecutive stars counts once). */
  maxStars: 3,
  /** `{…}` groups, and their nesting depth. */
  maxBraceGroups: 4,
  maxBraceDepth: 2,
  /** Comma-separated alternatives over all groups. */
  maxAlternatives: 64,
  /** Longest name a glob is matched against: the wire limit of a tool name. */
  maxNameLength: 128,
} as const;

const OPTIONS: picomatch.PicomatchOptions = { dot: true, nonegate: true, noextglob: true, strictBrackets: true };

/** Why `pattern` cannot be used as a tool glob, or `undefined` when it can. */
export function globProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string' || pattern.length === 0) return 'must be a non-empty string';
  if (pattern.length > GLOB_LIMITS.maxLength) return `is longer than ${GLOB_LIMITS.maxLength} characters`;
  let stars = 0;
  let groups = 0;
  let depth = 0;
  let alternatives = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '*') {
      if (pattern[i - 1] !== '*') stars++;
    } else if (c === '{') {
      groups++;
      depth++;
      if (depth > GLOB_LIMITS.maxBraceDepth) return `nests {…} deeper than ${GLOB_LIMITS.maxBraceDepth} levels`;
    } else if (c === '}') {
      if (depth === 0) return 'has an unmatched }';
      depth--;
    } else if (c === ',' && depth > 0) alternatives++;
    else if (c === '(' || c === ')' || c === '|') return 'uses (, ) or |, which tool globs do not support';
  }
  if (inClass) return 'has an unclosed [';
  if (depth !== 0) return 'has an unclosed {';
  if (/\{[^{}]*\.\.[^{}]*\}/.test(pattern)) return 'uses a {x..y} range, which tool globs do not support';
  if (stars > GLOB_LIMITS.maxStars) return `has more than ${GLOB_LIMITS.maxStars} * wildcards`;
  if (groups > GLOB_LIMITS.maxBraceGroups) return `has more than ${GLOB_LIMITS.maxBraceGroups} {…} groups`;
  if (alternatives > GLOB_LIMITS.maxAlternatives) return `has more than ${GLOB_LIMITS.maxAlternatives} alternatives`;
  return undefined;
}

/**
 * One regular expression source matching any of `globs` (each compiled by picomatch, anchored),
 * for the browser to use instead of compiling the globs itself. No globs: a pattern that never matches.
 */
export function toolsPatternOf(globs: readonly string[]): string {
  const sources = globs.map((glob) => {
    const re = picomatch.makeRe(glob, OPTIONS);
    if (re.flags !== '')
      throw new TypeError(
        `The tool glob "${glob}" compiled with flags (${re.flags}), which a pattern source cannot carry`,
      );
    return `(?:${re.source})`;
  });
  return sources.length === 0 ? '(?!)' : sources.join('|');
}

/** Compiles one glob with picomatch; throws `TypeError` for a glob `globProblem` refuses. */
export function compileGlob(pattern: string): (name: string) => boolean {
  const problem = globProblem(pattern);
  if (problem) throw new TypeError(`The tool glob "${String(pattern).slice(0, 40)}" ${problem}`);
  const match = picomatch(pattern, OPTIONS);
  return (name) => name.length > 0 && name.length <= GLOB_LIMITS.maxNameLength && match(name);
}
