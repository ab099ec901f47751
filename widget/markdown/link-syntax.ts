/**
 * Scanners for the link syntax inside inline text: the `(destination "title")` after `]`,
 * `<autolinks>`, and bare `https://` / `www.` links. Each returns what it found and its length;
 * whether a URL may become a link is decided by `safeUrl`.
 */
import { isEscapable, unescapeString } from './entities.js';
import { LINK_SCHEMES, safeUrl } from './url.js';

// eslint-disable-next-line no-control-regex -- CommonMark autolinks exclude control characters
const AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\u0000-\u001f]*)>/y;
// labels are bounded (as in CommonMark) so a long hostile address cannot make the regex backtrack for long
const EMAIL =
  /<([\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/y;
const BARE = /(?:https?:\/\/|www\.)[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+[^\s<]*/iy;
const TRAILING_PUNCT = `?!.,:*_~'"`;
const TRAILING_ENTITY = /&[A-Za-z0-9]+;$/;
/** Nesting of unescaped parentheses allowed in a destination (CommonMark suggests 32). */
const MAX_PAREN_DEPTH = 32;

/** A link found in the text: what to show, its checked URL (`undefined`: not allowed) and its length in the source. */
export interface FoundLink {
  text: string;
  href: string | undefined;
  length: number;
}

function skipSpace(s: string, p: number): number {
  while (p < s.length && (s[p] === ' ' || s[p] === '\t' || s[p] === '\n')) p++;
  return p;
}

/** Parses `(destination "title")` at `pos` (just after `]`); destination and title are unescaped. */
export function linkTailAt(
  s: string,
  pos: number,
): { dest: string; title: string | undefined; end: number } | undefined {
  if (s[pos] !== '(') return undefined;
  let p = skipSpace(s, pos + 1);
  let dest: string;
  if (s[p] === '<') {
    let q = p + 1;
    for (; q < s.length && s[q] !== '>'; q++) {
      if (s[q] === '\n' || s[q] === '<') return undefined;
      if (s[q] === '\\' && q + 1 < s.length) q++;
    }
    if (q >= s.length) return undefined;
    dest = s.slice(p + 1, q);
    p = q + 1;
  } else {
    let q = p;
    let depth = 0;
    for (; q < s.length; q++) {
      const c = s[q]!;
      if (c === '\\' && q + 1 < s.length && isEscapable(s[q + 1]!)) q++;
      else if (c === '(') {
        if (++depth > MAX_PAREN_DEPTH) return undefined;
      } else if (c === ')') {
        if (depth === 0) break;
        depth--;
      } else if (c <= ' ' || c === '\u007f') break;
    }
    if (depth !== 0) return undefined;
    dest = s.slice(p, q);
    p = q;
  }
  const afterDest = p;
  p = skipSpace(s, p);
  let title: string | undefined;
  const open = s[p];
  if (p > afterDest && (open === '"' || open === "'" || open === '(')) {
    const close = open === '(' ? ')' : open;
    let q = p + 1;
    for (; q < s.length && s[q] !== close; q++) {
      if (s[q] === '\\' && q + 1 < s.length) q++;
      else if (open === '(' && s[q] === '(') return undefined;
    }
    if (q >= s.length) return undefined;
    title = unescapeString(s.slice(p + 1, q));
    p = skipSpace(s, q + 1);
  }
  if (s[p] !== ')') return undefined;
  return { dest: unescapeString(dest), title, end: p + 1 };
}

/** An `<scheme:…>` or `<user@host>` autolink at `pos`; `href` is undefined when the scheme is not allowed. */
export function autolinkAt(s: string, pos: number): FoundLink | undefined {
  AUTOLINK.lastIndex = pos;
  const uri = AUTOLINK.exec(s);
  EMAIL.lastIndex = pos;
  const m = uri ?? EMAIL.exec(s);
  if (!m) return undefined;
  return { text: m[1]!, href: safeUrl(uri ? m[1]! : `mailto:${m[1]}`, LINK_SCHEMES), length: m[0].length };
}

/** A bare `https://…` or `www.…` link at `pos`, without trailing punctuation (GFM's rules). */
export function bareLinkAt(s: string, pos: number): FoundLink | undefined {
  BARE.lastIndex = pos;
  const m = BARE.exec(s);
  if (!m) return undefined;
  const found = m[0];
  // trim from the end in one pass, keeping the parenthesis balance as we go (never rescanning)
  let open = 0;
  let close = 0;
  for (const c of found) {
    if (c === '(') open++;
    else if (c === ')') close++;
  }
  let end = found.length;
  while (end > 0) {
    const c = found[end - 1]!;
    if (TRAILING_PUNCT.includes(c)) end--;
    else if (c === ')' && open < close) {
      end--;
      close--;
    } else if (c === ';') {
      const entity = TRAILING_ENTITY.exec(found.slice(Math.max(0, end - 33), end));
      if (!entity) break;
      end -= entity[0].length;
    } else break;
  }
  const link = found.slice(0, end);
  // trimming may have eaten into the host (`www.example.`): it must still have a dot inside
  if (!/[/.][^/.]/.test(link.replace(/^(?:https?:\/\/|www\.)/i, ''))) return undefined;
  const href = bareHref(link);
  return href ? { text: link, href, length: link.length } : undefined;
}

/** The checked URL of a bare link's text (`www.` ones are `https:`), or `undefined` when it is not allowed. */
export const bareHref = (link: string): string | undefined =>
  safeUrl(/^www\./i.test(link) ? `https://${link}` : link, LINK_SCHEMES);
