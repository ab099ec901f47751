/**
 * The second line of defence: every fragment the renderer produces passes through here before it
 * is inserted. The renderer builds DOM only with `createElement`/`textContent`/`setAttribute`, so
 * nothing here should ever fire — but if a bug ever let hostile structure through, this pass drops
 * any element off the allowlist (with its subtree), any `on*` attribute, any attribute not allowed
 * for its tag, and any URL attribute whose scheme is not allowed.
 */
import { IMAGE_SCHEMES, LINK_SCHEMES, schemeOf } from './url.js';

const HTML_NS = 'http://www.w3.org/1999/xhtml';
type Check = (value: string) => boolean;
const any: Check = () => true;
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    values.includes(v);

/** Allowed tags, each with its allowed attributes and a check of the value. */
const ALLOWED: Record<string, Record<string, Check>> = {
  p: {},
  br: {},
  hr: {},
  h1: {},
  h2: {},
  h3: {},
  h4: {},
  h5: {},
  h6: {},
  em: {},
  strong: {},
  del: {},
  blockquote: {},
  pre: {},
  code: { class: (v) => /^language-[\w#+.-]{1,32}$/.test(v) },
  ul: {},
  ol: { start: (v) => /^\d{1,9}$/.test(v) },
  li: {},
  div: { class: oneOf('md-table'), tabindex: oneOf('0'), role: oneOf('region'), 'aria-label': any },
  table: {},
  thead: {},
  tbody: {},
  tr: {},
  th: { align: oneOf('left', 'center', 'right') },
  td: { align: oneOf('left', 'center', 'right') },
  a: {
    href: (v) => LINK_SCHEMES.has(schemeOf(v)),
    title: any,
    rel: oneOf('noopener noreferrer nofollow'),
    target: oneOf('_blank'),
  },
  button: { type: oneOf('button'), class: oneOf('md-image'), title: any },
  img: { src: (v) => IMAGE_SCHEMES.has(schemeOf(v)), alt: any, title: any, referrerpolicy: oneOf('no-referrer') },
};

function cleanElement(el: Element): boolean {
  const rules = el.namespaceURI === HTML_NS ? ALLOWED[el.localName] : undefined;
  if (!rules || !Object.hasOwn(ALLOWED, el.localName)) return false;
  for (const name of el.getAttributeNames()) {
    const check = Object.hasOwn(rules, name) ? rules[name] : undefined;
    if (name.startsWith('on') || !check || !check(el.getAttribute(name) ?? '')) el.removeAttribute(name);
  }
  // a link always opens apart from the page and tells the target nothing
  if (el.localName === 'a' && el.hasAttribute('href')) {
    el.setAttribute('rel', 'noopener noreferrer nofollow');
    el.setAttribute('target', '_blank');
  }
  if (el.localName === 'img') {
    if (!el.hasAttribute('src')) return false;
    el.setAttribute('referrerpolicy', 'no-referrer');
  }
  return true;
}

/**
 * Cleans `root` and everything under it in place. Returns `false` when `root` itself must not be
 * inserted (a disallowed element, a comment…); disallowed descendants are removed.
 */
export function sanitize(root: Node): boolean {
  if (root.nodeType === Node.TEXT_NODE) return true;
  if (root.nodeType === Node.ELEMENT_NODE) {
    if (!cleanElement(root as Element)) return false;
  } else if (root.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) {
    return false;
  }
  // iterative walk: hostile nesting depth cannot overflow the stack
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    let child = node.firstChild;
    while (child) {
      const next = child.nextSibling;
      if (child.nodeType === Node.ELEMENT_NODE) {
        if (cleanElement(child as Element)) stack.push(child);
        else child.remove();
      } else if (child.nodeType !== Node.TEXT_NODE) {
        child.remove();
      }
      child = next;
    }
  }
  return true;
}
