/**
 * CommonMark's rules for `*`, `_` and `~` runs: whether a run can open or close emphasis (left- and
 * right-flanking), and the "process emphasis" procedure that pairs closers with openers on the
 * delimiter stack. The inline parser owns the stack and its list of pieces and says what a pairing
 * does to them; this module only decides which runs pair, and how.
 */
import type { Delim } from './inline-tree.js';

const WS = /\s/;
const PUNCT = /[\p{P}\p{S}]/u;
const isWs = (c: string | undefined) => c === undefined || WS.test(c);
const isPunct = (c: string | undefined) => c !== undefined && PUNCT.test(c);

/** Whether a run of `ch` between the characters `before` and `after` (undefined: none) can open or close emphasis. */
export function flanking(
  ch: string,
  before: string | undefined,
  after: string | undefined,
): { canOpen: boolean; canClose: boolean } {
  const left = !isWs(after) && (!isPunct(after) || isWs(before) || isPunct(before));
  const right = !isWs(before) && (!isPunct(before) || isWs(after) || isPunct(after));
  return {
    canOpen: ch === '_' ? left && (!right || isPunct(before)) : left,
    canClose: ch === '_' ? right && (!left || isPunct(after)) : right,
  };
}

/**
 * Pairs closers from `closer` up the stack with openers above `bottom` ("process emphasis").
 * `floors` remembers, per kind of closer, below which no opener can match it (kept across calls
 * when the parser resumes where it stopped). For each pair, `wrap` puts the pieces between the
 * two runs into an element; a run used up is `drop`ped from the stack and the list, and a closer
 * that found no opener and cannot open is `unstack`ed (it becomes text).
 */
export function pairEmphasis(
  closer: Delim | null,
  bottom: Delim | null,
  floors: Map<string, Delim | null>,
  wrap: (opener: Delim, closer: Delim, tag: 'em' | 'strong' | 'del') => void,
  unstack: (d: Delim) => void,
  drop: (d: Delim) => void,
): void {
  while (closer) {
    if (!closer.canClose) {
      closer = closer.next;
      continue;
    }
    const key = `${closer.ch}${closer.canOpen ? 1 : 0}${closer.orig % 3}`;
    const floor = floors.has(key) ? floors.get(key) : bottom;
    let opener = closer.prev;
    for (; opener && opener !== bottom && opener !== floor; opener = opener.prev) {
      if (opener.ch !== closer.ch || !opener.canOpen) continue;
      if (closer.ch === '~') {
        if (opener.n === closer.n) break;
      } else {
        const odd =
          (closer.canOpen || opener.canClose) &&
          (opener.orig + closer.orig) % 3 === 0 &&
          (opener.orig % 3 !== 0 || closer.orig % 3 !== 0);
        if (!odd) break;
      }
    }
    if (opener && opener !== bottom && opener !== floor) {
      const use = closer.ch === '~' ? closer.n : closer.n >= 2 && opener.n >= 2 ? 2 : 1;
      opener.n -= use;
      closer.n -= use;
      // the runs between them are passed over: off the stack, text in the list
      opener.next = closer;
      closer.prev = opener;
      wrap(opener, closer, closer.ch === '~' ? 'del' : use === 2 ? 'strong' : 'em');
      if (opener.n === 0) drop(opener);
      if (closer.n === 0) {
        const next = closer.next;
        drop(closer);
        closer = next;
      }
    } else {
      floors.set(key, closer.prev);
      const next = closer.next;
      if (!closer.canOpen) unstack(closer);
      closer = next;
    }
  }
}
