/**
 * What inline parsing works on and produces: the parser's list of pieces and delimiter runs, the
 * element trees it returns (turned into DOM by `inline-dom.ts`), the options every block shares, and
 * the split a streaming parse reports (see `parseInlineSplit` in `inline.ts`).
 */
/** Inline options shared by every block of a message. */
export interface InlineOptions {
  /** Base for relative link targets (the page). */
  base: string | undefined;
  /** Text of the button that loads an image. */
  imageLabel: (alt: string) => string;
}

/** A parsed inline element before it becomes DOM; `tag: ''` is a bare list of children. */
export interface El {
  tag: '' | 'em' | 'strong' | 'del' | 'code' | 'a' | 'br' | 'img';
  kids: Tree[];
  href?: string;
  title?: string;
}
export type Tree = string | El;

/** A run of `*`, `_` or `~` on the delimiter stack (CommonMark), and where it sits in the list. */
export interface Delim {
  entry: Entry;
  /** Removed from the stack (matched up or made literal). */
  gone?: boolean;
  ch: string;
  n: number;
  orig: number;
  canOpen: boolean;
  canClose: boolean;
  prev: Delim | null;
  next: Delim | null;
}

/** One piece of the parser's list of inline content: text, an element, or a delimiter run. */
export interface Entry {
  prev: Entry | null;
  next: Entry | null;
  text: string;
  el?: El;
  delim?: Delim | undefined;
  /** On the bracket stack: a link may still replace it, so no text is merged into it. */
  bracket?: boolean;
}

/** Inline content split where later text can no longer change it: `done` is final, `open` may still change. */
export interface InlineSplit {
  done: Tree[];
  open: Tree[];
  /** Source length `done` was parsed from (0: nothing is final yet). */
  cut: number;
  /**
   * Whether a decision on the open part read past its end and any character could change it (a bare
   * link running to the end). Otherwise only markup or `)`, `>`, `;` can change what the open part
   * shows (they complete a link, an autolink, a character reference): other text only adds text.
   */
  blind: boolean;
  /** Nothing is open at the end (no bracket, no unmatched opener, no decision waiting): what follows cannot change it. */
  settled: boolean;
  /**
   * Where a bare link starts (or may start) whose decision is the only one that read past the end,
   * when it found no link or one that runs to the end, untrimmed; else -1. Text without markup can
   * only change that decision, which can be taken again on its own.
   */
  bareAt: number;
}

/** The text of parsed inline content (an image's alt text). */
export function plainText(trees: Tree[]): string {
  let out = '';
  for (const t of trees) out += typeof t === 'string' ? t : t.tag === 'br' ? ' ' : plainText(t.kids);
  return out;
}

/** Links found inside a link's text (bare URLs) become their text. */
export function unlink(trees: Tree[]): Tree[] {
  return trees.map((t) =>
    typeof t === 'string' ? t : t.tag === 'a' ? { tag: '', kids: unlink(t.kids) } : { ...t, kids: unlink(t.kids) },
  );
}
