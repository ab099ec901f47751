/**
 * The DOM of headings (ATX, streamed as their line arrives, and setext) and the shell of a code
 * fence. Paragraphs stream through `InlineStream`, table rows through `RowStream`.
 */
import type { Fence, OpenLine } from './block-syntax.js';
import type { DomWriter } from './dom.js';
import { unescapeString } from './entities.js';
import type { InlineOptions } from './inline-tree.js';
import { InlineStream } from './inline-stream.js';

const LANGUAGE = /^[\w#+.-]{1,32}$/;
const BLANKS = /^[ \t]+$/;
const HASHES = /^#+$/;

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

/**
 * An ATX heading's text as its line streams into `h`: trimmed, without its optional closing
 * sequence of `#`s (after a blank). The blanks and `#`s that end the line so far are held back until
 * something else follows them, so the heading shows what rendering the line so far whole would, and
 * more text is added without parsing the line again.
 */
export function atxLine(h: HTMLElement, dom: DomWriter, options: InlineOptions): OpenLine {
  const stream = new InlineStream(h, dom, options);
  let held = '';
  let shown = false;
  return {
    push(more) {
      // More blanks, or #s after held #s or after held blanks (spaces and tabs: a no-break space is
      // trimmed but does not start a closing sequence), cannot show anything yet: `held` grows
      // without being scanned again, so a heading ending in a hostile run of them stays linear.
      const last = held[held.length - 1];
      if (last && (BLANKS.test(more) || (HASHES.test(more) && (last === '#' || BLANKS.test(held))))) {
        held += more;
        return;
      }
      let text = held + more;
      dom.work.chars += text.length;
      if (!shown) text = text.trimStart();
      let end = text.trimEnd().length;
      let run = end;
      while (text[run - 1] === '#') run--;
      // a closing sequence follows a blank, or is all there is
      if (run < end && (run ? text[run - 1] === ' ' || text[run - 1] === '\t' : !shown))
        end = text.slice(0, run).trimEnd().length;
      held = text.slice(end);
      if (end) {
        shown = true;
        stream.push(text.slice(0, end));
      }
      stream.show();
    },
    end: () => stream.end((t) => t),
  };
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
