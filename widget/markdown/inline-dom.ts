/**
 * Parsed inline content → DOM nodes, built with `createElement`/`createTextNode` only. Images
 * become a button that loads the picture when clicked.
 */
import type { DomWriter } from './dom.js';
import { parseInline, plainText, type El, type InlineOptions, type Tree } from './inline.js';
import { sanitize } from './sanitize.js';
import { IMAGE_SCHEMES, safeUrl } from './url.js';

function toDom(trees: Tree[], dom: DomWriter, options: InlineOptions): Node[] {
  const out: Node[] = [];
  let text = '';
  const walk = (list: Tree[]): void => {
    for (const t of list) {
      if (typeof t === 'string') text += t;
      else if (t.tag === '') walk(t.kids);
      else {
        if (text) out.push(dom.text(text));
        text = '';
        out.push(element(t, dom, options));
      }
    }
  };
  walk(trees);
  if (text) out.push(dom.text(text));
  return out;
}

function element(t: El, dom: DomWriter, options: InlineOptions): HTMLElement {
  switch (t.tag) {
    case 'br':
      return dom.el('br');
    case 'code': {
      const code = dom.el('code');
      code.append(dom.text(t.kids.join('')));
      return code;
    }
    case 'a': {
      const a = dom.el('a', { href: t.href!, rel: 'noopener noreferrer nofollow', target: '_blank' });
      if (t.title) a.setAttribute('title', t.title);
      a.append(...toDom(t.kids, dom, options));
      return a;
    }
    case 'img':
      return imageButton(t.href!, plainText(t.kids), t.title, dom, options);
    default: {
      const el = dom.el(t.tag as 'em' | 'strong' | 'del');
      el.append(...toDom(t.kids, dom, options));
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
 * Parses inline markdown and builds its nodes. The caller sanitises them before insertion.
 *
 * @example renderInline('**Hi** [there](https://example.com)', dom, options) // → [<strong>, " ", <a>]
 */
export function renderInline(source: string, dom: DomWriter, options: InlineOptions): Node[] {
  dom.work.chars += source.length;
  return toDom(parseInline(source, options), dom, options);
}
