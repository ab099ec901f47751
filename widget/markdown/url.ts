/**
 * The URL policy for model-written links and images: only `https:`, `http:` and `mailto:` (images:
 * only `https:`/`http:`). Everything else — `javascript:`, `data:`, `vbscript:`, `file:`, unknown
 * schemes — is refused, however it is disguised.
 */

/** Characters a browser drops or ignores around and inside a scheme: C0/C1 controls, spaces, soft hyphen, zero-width and bidi marks, BOM. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** Schemes allowed for links and for images. */
export const LINK_SCHEMES: ReadonlySet<string> = new Set(['https:', 'http:', 'mailto:']);
export const IMAGE_SCHEMES: ReadonlySet<string> = new Set(['https:', 'http:']);

/** Percent-decodes as far as it can; a malformed escape is kept as it is. */
function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // a lone `%` or a broken UTF-8 sequence: the raw text is what the browser would see too
    return text;
  }
}

/**
 * The scheme a string would be given by a lenient reader (invisible characters stripped, escapes
 * decoded, lower-cased), or `''` when it has none (a relative URL).
 */
export function schemeOf(raw: string): string {
  let probe = raw;
  // `&#106;avascript:` or `java%73cript:` in a destination: look at the decoded form as well
  // (a plain scheme up front holds no invisible character or escape: nothing there can change it)
  for (let i = 0; i < 2 && !SCHEME.test(probe); i++)
    probe = percentDecode(probe.replace(INVISIBLE, '')).replace(INVISIBLE, '');
  return SCHEME.exec(probe)?.[1]?.toLowerCase().concat(':') ?? '';
}

/** The last call's arguments and result. */
let last: unknown[] = [];

/**
 * The absolute URL to put in `href`/`src`, or `undefined` when the URL is not allowed.
 * Relative URLs resolve against `base` (the page); the resolved scheme must be allowed too.
 *
 * @example safeUrl('https://shop.example/mug', LINK_SCHEMES) // → 'https://shop.example/mug'
 * @example safeUrl(' JaVa\tScRiPt:alert(1)', LINK_SCHEMES) // → undefined
 */
export function safeUrl(raw: string, allowed: ReadonlySet<string>, base?: string): string | undefined {
  // a link being typed is checked again with each piece of text, often for the same URL
  if (last[0] !== raw || last[1] !== allowed || last[2] !== base)
    last = [raw, allowed, base, check(raw, allowed, base)];
  return last[3] as string | undefined;
}

function check(raw: string, allowed: ReadonlySet<string>, base?: string): string | undefined {
  const claimed = schemeOf(raw);
  if (claimed !== '' && !allowed.has(claimed)) return undefined;
  let url: URL;
  try {
    url = base === undefined ? new URL(raw.trim()) : new URL(raw.trim(), base);
  } catch {
    return undefined;
  }
  if (!allowed.has(url.protocol)) return undefined;
  const href = url.href;
  // belt and braces: what goes into the attribute must itself read as an allowed scheme
  return allowed.has(schemeOf(href)) ? href : undefined;
}
