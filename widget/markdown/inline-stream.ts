/**
 * Inline content that arrives a piece at a time (a paragraph, a table cell). What can no longer
 * change with more text is added to the element for good; only the rest since that point (usually
 * the word being typed) is parsed again when more arrives, so each character is parsed about twice
 * however long the block grows. The element's children are always what rendering the text so far
 * in one go gives, adjacent text in one node — so where the text was cut never shows — and plain
 * text costs one text-node edit per piece.
 */
import type { DomWriter } from './dom.js';
import type { InlineOptions } from './inline.js';
import { renderInlineSplit, type Pieces } from './inline-dom.js';

/**
 * An open part longer than this (an opener nothing has closed yet) is parsed and shown again only
 * when it has grown by a quarter: linear work even for hostile text.
 */
const SMALL = 128;
const GROWTH = 1.25;
const TEXT = 3; // Node.TEXT_NODE
/**
 * What can make inline markup (a bare link can start only after a blank or `*_~(`): text without
 * any, after a tail without any, is shown as it is — parsing it would give the same text node.
 */
const BLANK = /\s/;
const MARKUP = /[\\`*_~[\]<&\n]|(?:^|[\s*_~(])[hHwW]/;

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
  /** The tail holds no markup (see `MARKUP`), so neither does its rendering: one text run. */
  #plain = true;

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
    const joint = this.#joint;
    if (this.#plain && this.#rest.length === 0) {
      const plain = !MARKUP.test(length > unshown.length ? this.#tail[length - unshown.length - 1] + unshown : unshown);
      this.#dom.work.chars += unshown.length;
      if (plain) {
        if (joint) this.#dom.splice(joint, joint.length, 0, unshown);
        else this.#setJoint(unshown);
        this.#cutPlain();
        return;
      }
    }
    // shown with the next parse
    if (length > SMALL && length < this.#parseAt) return void (this.#unshown = unshown);
    const { done, open, cut } = renderInlineSplit(this.#tail, this.#dom, this.#options, this.#before);
    this.#place(done, open);
    if (cut > 0) {
      this.#before = this.#tail[cut - 1];
      this.#tail = this.#tail.slice(cut);
    }
    this.#plain = !MARKUP.test((this.#before ?? '') + this.#tail);
    this.#parseAt = this.#tail.length > SMALL ? Math.ceil(this.#tail.length * GROWTH) : 0;
  }

  /** The source is complete: renders the rest, `trim` applied to it. */
  end(trim: (text: string) => string): void {
    this.#unshown = '';
    const { done, open } = renderInlineSplit(trim(this.#tail), this.#dom, this.#options, this.#before, false);
    this.#place(done, open);
    this.#tail = '';
  }

  /** Saves the stream's state and returns a function that puts it back (its DOM is restored by the writer's journal). */
  snapshot(): () => void {
    const state = [this.#tail, this.#before, this.#unshown, this.#joint, this.#kept, this.#rest] as const;
    const [parseAt, plain] = [this.#parseAt, this.#plain];
    return () => {
      [this.#tail, this.#before, this.#unshown, this.#joint, this.#kept, this.#rest] = state;
      [this.#parseAt, this.#plain] = [parseAt, plain];
    };
  }

  /** Cuts a plain tail where a parse would: before its last character that is not blank. */
  #cutPlain(): void {
    const tail = this.#tail;
    let p = tail.length - 1;
    while (p > 0 && BLANK.test(tail[p]!)) p--;
    if (p > 0) {
      this.#before = tail[p - 1];
      this.#tail = tail.slice(p);
    }
    // the plain tail is the end of the joint's text
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
      const last = done.nodes[done.nodes.length - 1]!;
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
