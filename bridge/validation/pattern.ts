/**
 * `pattern` support that cannot hang the page. JavaScript regexes backtrack: `^(a+)+$` takes
 * about a second on 24 characters and `^a*a*a*a*$` seconds on 300, so a length cap alone is no
 * guard. Before compiling, the source is scanned: nested quantifiers or a quantified alternation
 * (exponential) mean the pattern is not checked at all, and otherwise the longest string it is
 * tested against shrinks with the number of variable quantifiers (polynomial), keeping the worst
 * case near `BACKTRACK_BUDGET` steps. Skipping a check is safe: the page's tool still sees, and
 * can refuse, its own input.
 */

/** Roughly the most backtracking steps one `pattern` test may cost (a few milliseconds in V8). */
const BACKTRACK_BUDGET = 2_000_000;
const MAX_TESTED_LENGTH = 10_000;

export interface PatternCheck {
  /** True when `value` matches, or is too long to test within the budget. */
  (value: string): boolean;
}

/** Compiles a JSON Schema `pattern`; `undefined` when it is invalid or could backtrack without bound. */
export function compilePattern(source: string): PatternCheck | undefined {
  const shape = scan(source);
  if (!shape) return undefined;
  const re = toRegExp(source);
  if (!re) return undefined;
  const maxLength = Math.min(MAX_TESTED_LENGTH, longestTestable(shape));
  return (value) => value.length > maxLength || re.test(value);
}

function toRegExp(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'u');
  } catch {
    // Not valid in Unicode mode (e.g. `\-` outside a class, common in schemas): try the legacy syntax.
  }
  try {
    return new RegExp(source);
  } catch {
    return undefined; // an invalid pattern cannot be checked
  }
}

interface Shape {
  /** Quantifiers whose repeat count varies (`*`, `+`, `?`, `{n,m}`, `{n,}`). */
  quantifiers: number;
  /** Product of the branch counts of every alternation. */
  branches: number;
}

interface Group {
  /** The group contains a variable quantifier or an alternation. */
  ambiguous: boolean;
  alternatives: number;
}

/** Counts quantifiers and alternations; `undefined` when a quantifier applies to an ambiguous group. */
function scan(source: string): Shape | undefined {
  const stack: Group[] = [{ ambiguous: false, alternatives: 1 }];
  let quantifiers = 0;
  let branches = 1;
  let lastGroup: Group | undefined; // the group that just closed, when the previous atom is one
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const top = stack[stack.length - 1]!;
    const previous = lastGroup;
    lastGroup = undefined;
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (c === '(') {
      stack.push({ ambiguous: false, alternatives: 1 });
      if (source[i + 1] === '?') {
        // `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`: the `?` is not a quantifier
        i++;
        if (source[i + 1] === '<' && source[i + 2] !== '=' && source[i + 2] !== '!') {
          const close = source.indexOf('>', i);
          i = close === -1 ? source.length : close;
        } else {
          i++;
        }
      }
    } else if (c === ')') {
      if (stack.length === 1) return undefined;
      const group = stack.pop()!;
      branches *= group.alternatives;
      if (group.ambiguous) stack[stack.length - 1]!.ambiguous = true;
      lastGroup = group;
    } else if (c === '|') {
      top.alternatives++;
      top.ambiguous = true;
    } else if (c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i)))) {
      let variable = c !== '{';
      if (c === '{') {
        const [, min, rest] = /^\{(\d+)(,\d*)?\}/.exec(source.slice(i))!;
        variable = rest !== undefined && rest !== `,${min}`;
        i = source.indexOf('}', i);
      }
      if (source[i + 1] === '?') i++; // lazy modifier
      if (previous?.ambiguous) return undefined; // `(a+)+`, `(a|a)*`, `(a*){20}`: exponential or worse
      if (variable) {
        quantifiers++;
        top.ambiguous = true;
      }
    }
    if (branches > BACKTRACK_BUDGET) return undefined;
  }
  const root = stack[0]!;
  branches *= root.alternatives;
  if (branches > BACKTRACK_BUDGET) return undefined;
  // `test` retries an unanchored pattern at every start position: one more quantifier's worth of work.
  if (!source.startsWith('^') || root.alternatives > 1) quantifiers++;
  return { quantifiers, branches };
}

/** The longest `n` with branches × n^q / q! within the budget. */
function longestTestable(shape: Shape): number {
  const budget = BACKTRACK_BUDGET / shape.branches;
  if (shape.quantifiers === 0) return MAX_TESTED_LENGTH;
  let factorial = 1;
  for (let k = 2; k <= shape.quantifiers; k++) factorial *= k;
  return Math.floor(Math.pow(budget * factorial, 1 / shape.quantifiers));
}
