/**
 * The DOM of leaf blocks whose line is complete when they start: headings (ATX and setext) and the
 * shell of a code fence. Paragraphs stream through `InlineStream`, table rows through `RowStream`.
 */
import type { Fence } from './block-syntax.js';
import type { DomWriter } from './dom.js';
import { unescapeString } from './entities.js';
import type { InlineOptions } from './inline.js';
import { InlineStream } from './inline-stream.js';

const LANGUAGE = /^[\w#+.-]{1,32}$/;

export interface LeafOptions extends InlineOptions {
  /** Added to every heading level (`#` becomes `h${1 + offset}`), capped at 6. */
  headingOffset: number;
}

/** An empty `<h1>`…`<h6>`. */
export const heading = (dom: DomWriter, options: LeafOptions, level: number): HTMLElement =>
  dom.el(`h${Math.min(6, Math.max(1, level + options.headingOffset))}` as 'h1');

/** `el` with `text` rendered inline into it (the path a streamed paragraph takes, in one piece). */
export function inlineInto(el: HTMLElement, dom: DomWriter, options: InlineOptions, text: string): HTMLElement {
  const stream = new InlineStream(el, dom, options);
  stream.push(text);
  stream.end((t) => t);
  return el;
}

/** The text of an ATX heading: trimmed, without its optional closing sequence of `#`s (after a blank). */
export function atxText(content: string): string {
  let text = content.trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === 0) text = '';
  else if (text[end - 1] === ' ' || text[end - 1] === '\t') text = text.slice(0, end).trimEnd();
  return text;
}

/** An empty `<pre><code>` for a fence, with a `language-…` class from a plain info string. */
export function fenceBlock(dom: DomWriter, fence: string, indent: number, info: string): Fence {
  const code = dom.el('code');
  const language = unescapeString(info.trim()).split(/\s/, 1)[0] ?? '';
  if (LANGUAGE.test(language)) code.setAttribute('class', `language-${language}`);
  const pre = dom.el('pre');
  pre.append(code);
  return { kind: 'fence', el: pre, code, fence, indent };
}
