/**
 * The DOM of headings (ATX, streamed as their line arrives, and setext) and the shell of a code
 * fence. Paragraphs stream through `InlineStream`, table rows through `RowStream`.
 */
import type { Fence, OpenLine } from './block-syntax.js';
import type { DomWriter } from './dom.js';
import { unescapeString } from './entities.js';
import type { InlineOptions } from './inline.js';
import { InlineStream } from './inline-stream.js';

const LANGUAGE = /^[\w#+.-]{1,32}$/;
const BLANK = /\s/;

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
 * The text of an ATX heading as its line streams into `h`: trimmed, without its optional closing
 * sequence of `#`s (after a blank). Blanks and `#`s that end the line so far are held back until
 * something else follows them, so the heading always shows what rendering the line so far whole
 * would, and more text is added without parsing the line again.
 */
export function atxLine(h: HTMLElement, dom: DomWriter, options: InlineOptions): OpenLine {
  const stream = new InlineStream(h, dom, options);
  /** Held back: blanks, or blanks then a run of `#`s that may close the heading (`hash`), then blanks. */
  let held = '';
  let blanks = 0;
  let hash = false;
  let shown = false;
  return {
    push(more) {
      let out = '';
      for (const c of more) {
        if (BLANK.test(c)) {
          // leading blanks are dropped
          if (shown || out || held) ((held += c), blanks++);
        } else if (c === '#' && hash && !blanks) held += c;
        else if (c === '#') {
          const run = held.slice(held.length - blanks);
          out += held.slice(0, held.length - blanks);
          // a run of `#`s may close the heading after a blank or at its start
          hash = run ? /[ \t]$/.test(run) : !(shown || out);
          held = hash ? `${run}#` : '';
          if (!hash) out += `${run}#`;
          blanks = 0;
        } else {
          out += held + c;
          held = '';
          blanks = 0;
          hash = false;
        }
      }
      if (out) {
        shown = true;
        stream.push(out);
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
