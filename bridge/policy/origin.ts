/**
 * Origin patterns of allowlist rules: an exact origin (`https://shop.example.com:8443`), `*`, or a
 * wildcard host label (`https://*.example.com`, which matches sub-domains at any depth but not the
 * apex). Scheme and port always match exactly; default ports are normalized.
 */

export type OriginMatcher = (origin: string) => boolean;

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

interface ParsedOrigin {
  scheme: string;
  host: string;
  port: string;
}

// Host: dot-separated labels of letters, digits, `-` and `_`, or a bracketed IPv6 address. No
// userinfo, spaces or wildcards: those never appear in a serialized origin.
const ORIGIN = /^([a-z][a-z0-9+.-]*:)\/\/(\[[0-9a-f:.]+\]|[a-z0-9_-]+(?:\.[a-z0-9_-]+)*)(?::(\d{1,5}))?\/?$/i;

/** Parses a serialized origin; `undefined` for `null`, opaque or malformed origins. */
export function parseOrigin(origin: string): ParsedOrigin | undefined {
  const match = typeof origin === 'string' ? ORIGIN.exec(origin.trim()) : null;
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  const host = match[2]!.toLowerCase();
  let port = '';
  if (match[3] !== undefined) {
    const n = Number(match[3]);
    if (n > 65535) return undefined;
    // Compare as numbers so `:0443` and `:443` both normalize to the default port.
    port = String(n) === DEFAULT_PORTS[scheme] ? '' : String(n);
  }
  return { scheme, host, port };
}

/** Compiles one rule origin; throws `TypeError` for a pattern that can never be valid. */
export function compileOrigin(pattern: string): OriginMatcher {
  if (pattern === '*') return (origin) => parseOrigin(origin) !== undefined;
  const wildcard = pattern.includes('//*.');
  const parsed = parseOrigin(wildcard ? pattern.replace('//*.', '//wildcard.') : pattern);
  if (!parsed || parsed.host.includes('*')) throw new TypeError(`Invalid origin pattern: ${pattern}`);
  if (!wildcard) {
    return (origin) => {
      const o = parseOrigin(origin);
      return !!o && o.scheme === parsed.scheme && o.host === parsed.host && o.port === parsed.port;
    };
  }
  const suffix = parsed.host.slice('wildcard'.length); // ".example.com"
  return (origin) => {
    const o = parseOrigin(origin);
    return (
      !!o &&
      o.scheme === parsed.scheme &&
      o.port === parsed.port &&
      o.host.endsWith(suffix) &&
      o.host.length > suffix.length
    );
  };
}
