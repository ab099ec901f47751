/**
 * Inline content that arrives a piece at a time (a paragraph, a table cell). What can no longer
 * change with more text is added to the element for good; only the rest since that point (usually
 * the word being typed) is parsed again when more arrives, so each character is parsed about twice
 * however long the block grows. The element's children are always what rendering the text so far
 * in one go gives, adjacent text in one node — so where the text was cut never shows. A piece with
 * no markup, nor any of the characters an open construct may wait for (see `InlineSplit.blind`), is
 * added to the last text node without a parse: one text-node edit, even inside an unfinished link.
 */
import type { DomWriter } from './dom.js';
import type { InlineOptions } from './inline-tree.js';
import { renderInlineSplit, type Pieces } from './inline-dom.js';
import { bareLinkAt } from './link-syntax.js';

/**
 * An open part longer than this (an opener nothing has closed yet) is parsed and shown again only
 * when it has grown by a quarter: linear work even for hostile text.
 */
const SMALL = 128;
const GROWTH = 1.25;
const TEXT = 3; // Node.TEXT_NODE
const BLANK = /\s/;
/**
 * What can make inline markup, complete it (`)>;` end links, autolinks, references) or change what
 * the character before it means: a special character, a line break next to a blank (a hard break,
 * an indent), and after a blank or `(` (or `*_~`, already special) a bare link's start or, at the
 * very end, what may still become one. It is tested on the new text and the character before it;
 * what follows `)>;` changes nothing they did, so as that character they count for nothing.
 */
const MARKUP =
  /[\\`*_~[\]<&]|(?!^)[)>;]| \n|\n[ \t]|(?:^|[\s(])(?:https?:\/\/|www\.|(?:h(?:t(?:t(?:ps?:?\/?)?)?)?|w(?:ww?)?)$)/i;

export class InlineStream {
  /** Source since the last cut, and the character before it. */
  #tail = '';
  #before: string | undefined;
  /** Source added since the tail was last shown. */
  #unshown = '';
  /** The text node that ends the final part (its first `#kept` characters) and starts the open part. */
  #joint: Text | undefined;
  #kept = 0;
  /** The open part's nodes after the joint. */
  #rest: Node[] = [];
  /** Tail length at which a long open part is parsed again. */
  #parseAt = 0;
  /** Any character may change the open part's rendering (see `InlineSplit.blind`). */
  #blind = false;
  /** Nothing in the tail is open (see `InlineSplit.settled`). */
  #settled = true;
  /** Where in the tail the bare link the open part waits on starts (see `InlineSplit.bareAt`; negative: none). */
  #bareAt = -1;

  readonly #el: HTMLElement;
  readonly #dom: DomWriter;
  readonly #options: InlineOptions;

  constructor(el: HTMLElement, dom: DomWriter, options: InlineOptions) {
    this.#el = el;
    this.#dom = dom;
    this.#options = options;
  }

  /** Adds source (shown by the next `show`). */
  push(more: string): void {
    this.#tail += more;
    this.#unshown += more;
  }

  /** Shows what was pushed since the last call. */
  show(): void {
    const unshown = this.#unshown;
    if (unshown === '') return;
    this.#unshown = '';
    const length = this.#tail.length;
    const last = length > unshown.length ? this.#tail[length - unshown.length - 1]! : (this.#before ?? '');
    const plain = !MARKUP.test(last + unshown);
    if (plain && !this.#blind) {
      // nothing the open part waits for arrived, and nothing new starts: the rendering only gains text
      this.#dom.work.chars += unshown.length;
      this.#addText(unshown);
      // with nothing left open, the text before the new text's last word is final, as a parse would find
      if (this.#settled) this.#cutPlain(length - unshown.length);
      return;
    }
    if (plain && this.#again(unshown)) return;
    // shown with the next parse
    if (length > SMALL && length < this.#parseAt) return void (this.#unshown = unshown);
    const split = renderInlineSplit(this.#tail, this.#dom, this.#options, this.#before);
    const { done, open, cut } = split;
    this.#place(done, open);
    if (cut > 0) {
      this.#before = this.#tail[cut - 1];
      this.#tail = this.#tail.slice(cut);
    }
    this.#blind = split.blind;
    this.#settled = split.settled;
    this.#bareAt = split.bareAt - cut;
    this.#parseAt = this.#tail.length > SMALL ? Math.ceil(this.#tail.length * GROWTH) : 0;
  }

  /** The source is complete: renders the rest, `trim` applied to it (the stream takes no more). */
  end(trim: (text: string) => string): void {
    const tail = trim(this.#tail);
    // nothing open, nothing unshown, nothing trimmed: what is shown is already the render of the whole
    if (this.#settled && this.#unshown === '' && tail === this.#tail) return;
    const { done, open } = renderInlineSplit(tail, this.#dom, this.#options, this.#before, false);
    this.#place(done, open);
  }

  /**
   * When the one decision that read past the end is a bare link's (see `InlineSplit.bareAt`) and
   * the new text holds no markup and no blank, takes that decision again on its own instead of
   * parsing: with still no link, the new text is text; with the link only longer, its text and URL
   * grow. Anything else (a link appears, or changes its end) is parsed.
   */
  #again(more: string): boolean {
    const tail = this.#tail;
    const at = this.#bareAt;
    // the link, when the decision found one: it ends the open part
    const a = this.#rest.at(-1);
    const link = a?.nodeName === 'A';
    if (at < 0 || tail.length - at > SMALL || BLANK.test(more)) return false;
    const found = bareLinkAt(tail, at);
    if (link ? found?.length !== tail.length - at : found) return false;
    this.#dom.work.chars += tail.length - at;
    if (!link) this.#addText(more);
    else {
      const text = a.firstChild as Text;
      this.#dom.splice(text, tail.length - at - more.length, 0, more);
      this.#dom.href(a as Element, found!.href!);
    }
    return true;
  }

  /** Adds `text` at the end of what is shown, merged into the last text node as a parse would. */
  #addText(text: string): void {
    const last = this.#rest.at(-1) ?? this.#joint;
    if (!last) this.#setJoint(text);
    else if (last.nodeType === TEXT) this.#dom.splice(last as Text, (last as Text).length, 0, text);
    else {
      const node = this.#dom.text(text);
      this.#dom.append(this.#el, node);
      this.#rest = [...this.#rest, node];
    }
  }

  /**
   * Cuts the tail where a parse would, before its last character that is not blank, when that is at
   * `from` or later: the text from `from` on is the end of the last text node, which becomes the joint.
   */
  #cutPlain(from: number): void {
    const tail = this.#tail;
    let p = tail.length - 1;
    while (p >= from && BLANK.test(tail[p]!)) p--;
    // new text of blanks only: a parse would not cut in it either
    if (p < from) return;
    if (p > 0) {
      this.#before = tail[p - 1];
      this.#tail = tail.slice(p);
    }
    const rest = this.#rest;
    if (rest.length > 0) this.#joint = rest.at(-1) as Text;
    this.#rest = [];
    this.#kept = this.#joint!.length - this.#tail.length;
    this.#parseAt = 0;
  }

  /** Replaces the open part with `done` (kept for good) and `open`. */
  #place(done: Pieces, open: Pieces): void {
    for (const node of this.#rest) this.#dom.remove(node);
    if (done.nodes.length === 0) {
      this.#setJoint(done.lead + open.lead);
      this.#kept += done.lead.length;
    } else {
      this.#setJoint(done.lead);
      for (const node of done.nodes) this.#dom.append(this.#el, node);
      const last = done.nodes.at(-1)!;
      this.#joint = last.nodeType === TEXT ? (last as Text) : undefined;
      this.#kept = this.#joint ? this.#joint.length : 0;
      this.#setJoint(open.lead);
    }
    for (const node of open.nodes) this.#dom.append(this.#el, node);
    this.#rest = open.nodes;
  }

  /** Sets what follows the kept text in the joint (creating or dropping the node as needed). */
  #setJoint(data: string): void {
    const joint = this.#joint;
    if (!joint) {
      if (data !== '') this.#dom.append(this.#el, (this.#joint = this.#dom.text(data)));
      this.#kept = 0;
      return;
    }
    this.#dom.splice(joint, this.#kept, joint.length - this.#kept, data);
    if (joint.length === 0) {
      this.#dom.remove(joint);
      this.#joint = undefined;
    }
  }
}
