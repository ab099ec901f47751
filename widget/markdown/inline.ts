/**
 * Inline markdown → DOM nodes: backslash escapes, code spans, `*`/`_` emphasis and strong (the
 * CommonMark delimiter algorithm), `~~strikethrough~~`, links and images (inline form only),
 * `<autolinks>`, bare `https://` / `www.` links, character references, hard and soft breaks.
 * Raw HTML is text. Reference-style links are not resolved (a later definition would change
 * earlier output, which a streaming renderer cannot take back); they stay literal text. Link text
 * is at most 1,000 characters: a `[` further back than that before its `]` is text, so an unclosed
 * one (a JSON array, say) cannot keep everything after it open to change.
 */
import { ENTITY, decodeEntity, isEscapable } from './entities.js';
import { autolinkAt, bareLinkAt, linkTailAt } from './link-syntax.js';
import { IMAGE_SCHEMES, LINK_SCHEMES, safeUrl } from './url.js';
import { flanking, pairEmphasis } from './emphasis.js';
import {
  plainText,
  unlink,
  type Delim,
  type El,
  type Entry,
  type InlineOptions,
  type InlineSplit,
  type Tree,
} from './inline-tree.js';

interface Bracket {
  entry: Entry;
  /** Where the `[` is, and the bracket opened after it. */
  start: number;
  next: Bracket | null;
  image: boolean;
  active: boolean;
  prev: Bracket | null;
  delims: Delim | null;
}

const WS = /\s/;
/** The characters that can start or end inline markup (`!` only before `[`, a bare link's first letter only after a boundary). */
const SPECIAL = '\\`*_~[]<&\n';
/** Longest link text: a `[` further back is text (so an unclosed one cannot hold back what follows). */
const LINK_TEXT_MAX = 1000;
const BARE_BOUNDARY = /[\s*_~(]/;
const BARE_START = /^(?:https?:\/\/|www\.)/i;

/** The longest start of `https://`, `http://` or `www.`: the character after it decides that no bare link starts here. */
const BARE_PARTIAL = /^(?:h(?:t(?:t(?:ps?:?\/?)?)?)?|w(?:ww?)?)/i;
/** Whitespace as `String.prototype.trim` sees it, with a fast path for printable ASCII. */
const isSpace = (c: string): boolean => (c > ' ' && c < '\u007f' ? false : WS.test(c));

class InlineParser {
  #head: Entry | null = null;
  #tail: Entry | null = null;
  #delims: Delim | null = null;
  #brackets: Bracket | null = null;
  /** The bottom of the bracket stack (the first to expire). */
  #oldest: Bracket | null = null;
  #pos = 0;
  #runs: Map<number, number[]> | undefined;
  /** First delimiter not yet processed as a closer, and the emphasis floors found so far. */
  #pending: Delim | null = null;
  #floors: Map<string, Delim | null> | undefined;
  /** One past the furthest character any decision so far has read (more text can change decisions that read past the end). */
  #horizon = 0;
  /** The last position where everything before it is final: the text there, where it went, and its entry. */
  #cut = 0;
  #cutPlain = 0;
  #cutEntry: Entry | null = null;
  #cutLength = 0;
  #cutMerges = false;
  #blind = false;
  #bareAt = -1;
  /** What pairing emphasis does to the list (see `pairEmphasis`). */
  readonly #wrap = (opener: Delim, closer: Delim, tag: 'em' | 'strong' | 'del'): void => {
    const kids = this.#take(opener.entry.next, closer.entry);
    const wrapped: Entry = { prev: opener.entry, next: closer.entry, text: '', el: { tag, kids } };
    opener.entry.next = wrapped;
    closer.entry.prev = wrapped;
  };

  constructor(
    private readonly s: string,
    private readonly options: InlineOptions,
    /** The character before `s` in the block (it decides delimiter flanking and bare-link starts). */
    private readonly before: string | undefined = undefined,
    /** Whether to find where the content stops depending on later text (see `parseInlineSplit`). */
    private readonly split = false,
  ) {}

  /** Records that a decision read up to `end`; `known`: only markup or `)>;` can change it. */
  #see(end: number, known?: 1): void {
    if (end > this.#horizon) this.#horizon = end;
    if (end > this.s.length && !known) this.#blind = true;
  }

  /** Whether nothing before `pos` can change with later text; then remembers `pos` as the cut. */
  #mark(pos: number, plain: number): void {
    const s = this.s;
    if (this.#brackets || isSpace(s[pos]!)) return;
    // closers before `pos` can only pair with openers before it: pair them now, and see what is left
    if (this.#delims && this.#pending && isSpace(pos === 0 ? (this.before ?? ' ') : s[pos - 1]!))
      this.#emphasis(null, true);
    if (this.#delims) return;
    const tail = this.#tail;
    this.#cut = pos;
    this.#cutPlain = plain;
    this.#cutEntry = tail;
    this.#cutLength = tail ? tail.text.length : 0;
    this.#cutMerges = tail !== null && !tail.el && !tail.delim && !tail.bracket;
  }

  parseSplit(): InlineSplit {
    const s = this.s;
    let plain = 0;
    while (this.#pos < s.length) {
      const pos = this.#pos;
      const c = s[pos]!;
      if (this.#oldest && pos - this.#oldest.start > LINK_TEXT_MAX) this.#expire(pos);
      if (this.split && pos >= this.#horizon && pos > this.#cut) this.#mark(pos, plain);
      let handled = true;
      if (SPECIAL.includes(c)) {
        this.#text(s.slice(plain, pos));
        this.#special(c);
      } else if (c === '!' && s[pos + 1] === '[') {
        this.#text(s.slice(plain, pos));
        this.#openBracket(true);
      } else if (
        'hHwW'.includes(c) &&
        (pos === 0 ? this.before === undefined || BARE_BOUNDARY.test(this.before) : BARE_BOUNDARY.test(s[pos - 1]!)) &&
        this.#bare(plain)
      ) {
        // #bare flushed the text before it and consumed the link
      } else {
        handled = false;
        this.#pos++;
      }
      if (handled) plain = this.#pos;
    }
    this.#text(s.slice(plain));
    // pairs what can be paired, leaving the openers later text may still close
    this.#emphasis(null, true);
    const settled = !this.#brackets && !this.#delims && this.#horizon <= s.length;
    this.#emphasis(null);
    const first = this.#cut > 0 ? this.#splitAtCut() : this.#head;
    const done = first === this.#head ? [] : this.#take(this.#head, first);
    const open = this.#take(this.#head, null);
    return { done, open, cut: this.#cut, blind: this.#blind, settled, bareAt: this.#bareAt };
  }

  /** The first entry after the cut, splitting the text entry the cut falls in. */
  #splitAtCut(): Entry | null {
    const rest = this.#cut - this.#cutPlain;
    const from = this.#cutEntry;
    // the plain text pending at the cut went into the cut's entry when it could merge, else into the next one
    const entry = this.#cutMerges ? from : from ? from.next : this.#head;
    const at = this.#cutMerges ? this.#cutLength + rest : rest;
    if (!entry || at === 0) return this.#cutMerges ? from!.next : entry;
    if (at >= entry.text.length) return entry.next;
    const after: Entry = { prev: entry, next: entry.next, text: entry.text.slice(at) };
    entry.text = entry.text.slice(0, at);
    if (entry.next) entry.next.prev = after;
    else this.#tail = after;
    entry.next = after;
    return after;
  }

  #special(c: string): void {
    const s = this.s;
    const pos = this.#pos;
    switch (c) {
      case '\\': {
        const next = s[pos + 1];
        if (next === '\n') {
          this.#el({ tag: 'br', kids: [] });
          this.#pos = this.#skipIndent(pos + 2);
        } else if (next !== undefined && isEscapable(next)) {
          this.#text(next);
          this.#pos = pos + 2;
        } else {
          this.#text('\\');
          this.#pos = pos + 1;
        }
        return;
      }
      case '`':
        return this.#code();
      case '*':
      case '_':
      case '~':
        return this.#delim(c);
      case '[':
        return this.#openBracket(false);
      case ']':
        return this.#closeBracket();
      case '<':
        return this.#autolink();
      case '&': {
        const m = ENTITY.exec(s.slice(pos, pos + 40));
        const decoded = m ? decodeEntity(m) : undefined;
        if (!m) this.#see(pos + 40, 1);
        if (m && decoded !== undefined) {
          this.#text(decoded);
          this.#pos = pos + m[0].length;
        } else {
          this.#text('&');
          this.#pos = pos + 1;
        }
        return;
      }
      default: {
        // a line ending: two or more trailing spaces make a hard break
        const tail = this.#tail;
        let hard = false;
        if (tail && !tail.el && !tail.delim && !tail.bracket && tail.text.endsWith(' ')) {
          let end = tail.text.length;
          while (tail.text[end - 1] === ' ') end--;
          hard = tail.text.length - end >= 2;
          tail.text = tail.text.slice(0, end);
        }
        if (hard) this.#el({ tag: 'br', kids: [] });
        else this.#text('\n');
        this.#pos = this.#skipIndent(pos + 1);
      }
    }
  }

  #skipIndent(pos: number): number {
    while (this.s[pos] === ' ' || this.s[pos] === '\t') pos++;
    return pos;
  }

  #code(): void {
    const s = this.s;
    const start = this.#pos;
    let end = start;
    while (s[end] === '`') end++;
    const len = end - start;
    const close = this.#findRun(len, end);
    if (close < 0) {
      // a run that finds no partner yet may find one in later text
      this.#see(Infinity, 1);
      this.#text(s.slice(start, end));
      this.#pos = end;
      return;
    }
    let content = s.slice(end, close).replace(/\n/g, ' ');
    if (content.length > 2 && content.startsWith(' ') && content.endsWith(' ') && /[^ ]/.test(content))
      content = content.slice(1, -1);
    this.#el({ tag: 'code', kids: [content] });
    this.#pos = close + len;
  }

  /** Start of the first backtick run of exactly `len` at or after `from`, or -1 (runs are found once per parse, and `from` only grows). */
  #findRun(len: number, from: number): number {
    if (!this.#runs) {
      this.#runs = new Map();
      const re = /`+/g;
      for (let m = re.exec(this.s); m; m = re.exec(this.s)) {
        const list = this.#runs.get(m[0].length) ?? [];
        list.push(m.index);
        this.#runs.set(m[0].length, list);
      }
    }
    const list = this.#runs.get(len);
    // runs before `from` are passed for good (each is dropped once)
    while (list && list[0]! < from) list.shift();
    return list?.[0] ?? -1;
  }

  #delim(ch: string): void {
    const s = this.s;
    const start = this.#pos;
    let end = start;
    while (s[end] === ch) end++;
    const n = end - start;
    this.#pos = end;
    if (ch === '~' && n > 2) {
      this.#text(s.slice(start, end));
      return;
    }
    const { canOpen, canClose } = flanking(ch, start === 0 ? this.before : s[start - 1], s[end]);
    const entry = this.#push({ prev: null, next: null, text: '' });
    if (!canOpen && !canClose) {
      entry.text = s.slice(start, end);
      return;
    }
    const delim: Delim = { entry, ch, n, orig: n, canOpen, canClose, prev: this.#delims, next: null };
    if (this.#delims) this.#delims.next = delim;
    this.#delims = delim;
    this.#pending ??= delim;
    entry.delim = delim;
  }

  #openBracket(image: boolean): void {
    const entry = this.#push({ prev: null, next: null, text: image ? '![' : '[', bracket: true });
    const start = this.#pos;
    const bracket: Bracket = {
      entry,
      start,
      next: null,
      image,
      active: true,
      prev: this.#brackets,
      delims: this.#delims,
    };
    if (this.#brackets) this.#brackets.next = bracket;
    else this.#oldest = bracket;
    this.#brackets = bracket;
    this.#pos += image ? 2 : 1;
  }

  /** Brackets opened more than `LINK_TEXT_MAX` characters before `pos` can no longer open a link: they are text. */
  #expire(pos: number): void {
    for (let b = this.#oldest; b && pos - b.start > LINK_TEXT_MAX; b = this.#oldest) {
      b.entry.bracket = false;
      this.#oldest = b.next;
      if (b.next) b.next.prev = null;
      else this.#brackets = null;
    }
  }

  #closeBracket(): void {
    this.#pos++;
    const opener = this.#brackets;
    if (!opener) return void this.#text(']');
    const target = opener.active ? linkTailAt(this.s, this.#pos) : undefined;
    // a tail that is not there yet may still arrive
    if (!target && this.s[this.#pos] === '(') this.#see(Infinity, 1);
    this.#brackets = opener.prev;
    if (opener.prev) opener.prev.next = null;
    else this.#oldest = null;
    opener.entry.bracket = false;
    if (!target) return void this.#text(']');
    this.#pos = target.end;
    this.#emphasis(opener.delims);
    if (this.#pending?.gone) this.#pending = null;
    const kids = this.#take(opener.entry.next, null);
    opener.entry.text = '';
    let el: El;
    if (opener.image) {
      const src = safeUrl(target.dest, IMAGE_SCHEMES, this.options.base);
      el = src ? { tag: 'img', kids: [plainText(kids)], href: src } : { tag: '', kids: [plainText(kids)] };
    } else {
      const href = safeUrl(target.dest, LINK_SCHEMES, this.options.base);
      el = href ? { tag: 'a', kids: unlink(kids), href } : { tag: '', kids };
      // no links inside links: earlier `[` can no longer open one
      // (an inactive one means everything below it was deactivated already)
      for (let b = this.#brackets; b; b = b.prev) {
        if (b.image) continue;
        if (!b.active) break;
        b.active = false;
      }
    }
    if (target.title !== undefined && el.tag !== '') el.title = target.title;
    opener.entry.el = el;
  }

  #autolink(): void {
    const found = autolinkAt(this.s, this.#pos);
    if (!found) {
      // neither form reads past the first blank, `<` or `>`
      this.#see(this.#stop(this.#pos + 1, true) + 1, 1);
      this.#text('<');
      this.#pos++;
      return;
    }
    this.#pos += found.length;
    if (found.href) this.#el({ tag: 'a', kids: [found.text], href: found.href });
    else this.#text(this.s.slice(this.#pos - found.length, this.#pos));
  }

  /** A bare `https://…` or `www.…` link (GFM's autolink extension); false when there is none. */
  #bare(plain: number): boolean {
    const s = this.s;
    const pos = this.#pos;
    const start = s.slice(pos, pos + 8);
    const full = BARE_START.test(start);
    const blind = this.#blind;
    // the pattern never reads past the first blank or `<`
    this.#see(full ? this.#stop(pos, false) + 1 : pos + BARE_PARTIAL.exec(start)![0].length + 1);
    const found = full ? bareLinkAt(s, pos) : undefined;
    // the first decision to read past the end, and the last: no link, or one to the end (see `InlineSplit.bareAt`)
    if (this.#blind) this.#bareAt = blind || (found && pos + found.length < s.length) ? -1 : pos;
    if (!found) return false;
    this.#text(s.slice(plain, pos));
    this.#el({ tag: 'a', kids: [found.text], href: found.href! });
    this.#pos = pos + found.length;
    return true;
  }

  /** Index of the first blank or `<` (and `>` when `angle`) at or after `from`, or the length. */
  #stop(from: number, angle: boolean): number {
    const s = this.s;
    let i = from;
    while (i < s.length && !(isSpace(s[i]!) || s[i] === '<' || (angle && s[i] === '>'))) i++;
    return i;
  }

  /**
   * The CommonMark "process emphasis" procedure over the delimiters above `bottom`. From the
   * bottom of the stack it resumes at the first closer not yet processed; `partial` leaves the
   * unmatched openers on the stack (more text may close them).
   */
  #emphasis(bottom: Delim | null, partial = false): void {
    let closer: Delim | null = null;
    let floors: Map<string, Delim | null>;
    if (bottom === null) {
      closer = this.#pending;
      this.#pending = null;
      floors = this.#floors ??= new Map();
    } else {
      for (let d = this.#delims; d && d !== bottom; d = d.prev) closer = d;
      floors = new Map();
    }
    pairEmphasis(closer, bottom, floors, this.#wrap, this.#unstack, this.#drop);
    if (!partial) while (this.#delims && this.#delims !== bottom) this.#unstack(this.#delims);
  }

  // Fields, not methods: `pairEmphasis` is handed them.
  readonly #unstack = (d: Delim): void => {
    d.gone = true;
    if (d.prev) d.prev.next = d.next;
    if (d.next) d.next.prev = d.prev;
    else this.#delims = d.prev;
    d.entry.text = d.ch.repeat(d.n);
    d.entry.delim = undefined;
  };

  readonly #drop = (d: Delim): void => {
    this.#unstack(d);
    const e = d.entry;
    if (e.prev) e.prev.next = e.next;
    else this.#head = e.next;
    if (e.next) e.next.prev = e.prev;
    else this.#tail = e.prev;
  };

  /** Cuts the entries from `from` up to (not including) `to` out of the list and returns them as trees. */
  #take(from: Entry | null, to: Entry | null): Tree[] {
    const out: Tree[] = [];
    const before = from?.prev ?? null;
    for (let e = from; e && e !== to; e = e.next) {
      // a delimiter still marked as one was passed over by a match around it: it is literal text
      const text = e.delim ? e.delim.ch.repeat(e.delim.n) : e.text;
      if (text) out.push(text);
      if (e.el) out.push(e.el);
    }
    if (from) {
      if (before) before.next = to;
      else this.#head = to;
      if (to) to.prev = before;
      else this.#tail = before;
    }
    return out;
  }

  #push(entry: Entry): Entry {
    entry.prev = this.#tail;
    if (this.#tail) this.#tail.next = entry;
    else this.#head = entry;
    this.#tail = entry;
    return entry;
  }

  #text(text: string): void {
    if (text === '') return;
    const tail = this.#tail;
    if (tail && !tail.el && !tail.delim && !tail.bracket) tail.text += text;
    else this.#push({ prev: null, next: null, text });
  }

  #el(el: El): void {
    this.#push({ prev: null, next: null, text: '', el });
  }
}

/**
 * Parses inline markdown that may still grow, and splits it at the last point before which
 * nothing can change with more text (all lookahead done, no open bracket, no unmatched opener,
 * not inside blanks). Parsing `source` whole gives `done` followed by what parsing the rest from
 * the cut gives, so a stream can keep `done` and parse only what follows.
 */
export function parseInlineSplit(source: string, options: InlineOptions, before?: string, split = true): InlineSplit {
  return new InlineParser(source, options, before, split).parseSplit();
}
