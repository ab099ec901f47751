/**
 * HTML character references in markdown text: numeric ones and the few named ones models actually
 * write (the full table would cost the widget ~10 KB). An unknown name stays literal text; nothing
 * is ever parsed as HTML either way.
 */
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  times: '×',
  deg: '°',
  euro: '€',
  larr: '←',
  rarr: '→',
};

/** Matches one reference at the start of the string. */
export const ENTITY = /^&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/;

/** The character a reference stands for, or `undefined` for an unknown name. */
export function decodeEntity(match: RegExpExecArray): string | undefined {
  const [, dec, hex, name] = match;
  if (name !== undefined) return Object.hasOwn(NAMED, name) ? NAMED[name] : undefined;
  const code = Number(dec ?? `0x${hex}`);
  // CommonMark: NUL, surrogates and out-of-range code points become U+FFFD
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(code);
}

const ESCAPABLE = /[!-/:-@[-`{-~]/;

/** Resolves backslash escapes and references in a link destination or title. */
export function unescapeString(text: string): string {
  if (!text.includes('\\') && !text.includes('&')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length && ESCAPABLE.test(text[i + 1]!)) {
      out += text[++i];
    } else if (c === '&') {
      const m = ENTITY.exec(text.slice(i, i + 40));
      const decoded = m ? decodeEntity(m) : undefined;
      if (m && decoded !== undefined) {
        out += decoded;
        i += m[0].length - 1;
      } else out += c;
    } else out += c;
  }
  return out;
}

/** True for the ASCII punctuation a backslash can escape. */
export function isEscapable(c: string): boolean {
  return ESCAPABLE.test(c);
}
