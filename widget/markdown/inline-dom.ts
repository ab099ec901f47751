/**
 * Parsed inline content → DOM nodes, built with `createElement`/`createTextNode` only. Images
 * become a button that loads the picture when clicked.
 */
import type { DomWriter } from './dom.js';
import { parseInlineSplit } from './inline.js';
import { plainText, type El, type InlineOptions, type InlineSplit, type Tree } from './inline-tree.js';
import { sanitize } from './sanitize.js';
import { IMAGE_SCHEMES, safeUrl } from './url.js';

/**
 * Inline elements nest at most this deep; formatting below that keeps its text but not its tag, so
 * thousands of nested `*` build a bounded DOM (and no call stack that deep).
 */
const MAX_DEPTH = 16;

/** Nodes for `trees`; the text before the first element is returned as `lead` instead of a node. */
function toPieces(trees: Tree[], dom: DomWriter, options: InlineOptions, depth = 0): Pieces {
  const nodes: Node[] = [];
  let lead: string | undefined;
  let text = '';
  // a stack, not recursion: groups and flattened formatting can nest as deep as the text allows
  const stack = [trees.values()];
  while (stack.length) {
    const next = stack[stack.length - 1].next();
    if (next.done) stack.pop();
    else if (typeof next.value === 'string') text += next.value;
    else if (next.value.tag === '' || (depth >= MAX_DEPTH && next.value.tag !== 'br'))
      stack.push(next.value.kids.values());
    else {
      if (lead === undefined) lead = text;
      else if (text) nodes.push(dom.text(text));
      text = '';
      nodes.push(element(next.value, dom, options, depth + 1));
    }
  }
  if (lead === undefined) return { lead: text, nodes };
  if (text) nodes.push(dom.text(text));
  return { lead, nodes };
}

function toDom(trees: Tree[], dom: DomWriter, options: InlineOptions, depth: number): Node[] {
  const { lead, nodes } = toPieces(trees, dom, options, depth);
  if (lead) nodes.unshift(dom.text(lead));
  return nodes;
}

/** Rendered inline content as the text before its first element and the nodes from that element on. */
export interface Pieces {
  lead: string;
  nodes: Node[];
}

function element(t: El, dom: DomWriter, options: InlineOptions, depth: number): HTMLElement {
  switch (t.tag) {
    case 'br':
      return dom.el('br');
    case 'code': {
      const code = dom.el('code');
      code.append(dom.text(t.kids.join('')));
      return code;
    }
    case 'a': {
      // `rel` and `target` are set by `sanitize`, as on every link it passes
      const a = dom.el('a', { href: t.href! });
      if (t.title) a.setAttribute('title', t.title);
      a.append(...toDom(t.kids, dom, options, depth));
      return a;
    }
    case 'img':
      return imageButton(t.href!, plainText(t.kids), t.title, dom, options);
    default: {
      const el = dom.el(t.tag as 'em' | 'strong' | 'del');
      el.append(...toDom(t.kids, dom, options, depth));
      return el;
    }
  }
}

/** Images are never fetched on their own: a button loads one when the user asks. */
function imageButton(
  src: string,
  alt: string,
  title: string | undefined,
  dom: DomWriter,
  options: InlineOptions,
): HTMLElement {
  const button = dom.el('button', { type: 'button', class: 'md-image', title: title ?? src });
  button.append(dom.text(options.imageLabel(alt)));
  button.addEventListener('click', () => {
    const img = dom.doc.createElement('img');
    // the policy is set before the source so not even the first request carries a referrer
    img.setAttribute('referrerpolicy', 'no-referrer');
    img.setAttribute('alt', alt);
    if (title) img.setAttribute('title', title);
    const checked = safeUrl(src, IMAGE_SCHEMES);
    if (!checked) return;
    img.setAttribute('src', checked);
    // the same final pass as every other fragment, before the image enters the page
    if (sanitize(img)) button.replaceWith(img);
  });
  return button;
}

/**
 * For text that may still grow: the part that is final and the rest (see `parseInlineSplit`), each
 * as `Pieces`, and the source length of the final part. Without `split`, all of it is the rest.
 */
export function renderInlineSplit(
  source: string,
  dom: DomWriter,
  options: InlineOptions,
  before: string | undefined,
  split = true,
): Omit<InlineSplit, 'done' | 'open'> & { done: Pieces; open: Pieces } {
  dom.work.chars += source.length;
  const parsed = parseInlineSplit(source, options, before, split);
  return { ...parsed, done: toPieces(parsed.done, dom, options), open: toPieces(parsed.open, dom, options) };
}
