/**
 * The client address a request is limited by: the TCP peer, or — when the peer is one of the
 * configured `limits.trustedProxies` — the rightmost `X-Forwarded-For` entry that is not a trusted
 * proxy (entries left of it were written by the client and prove nothing). An untrusted peer's
 * `X-Forwarded-For` is ignored, so a client cannot pick its own bucket by forging the header.
 */
import { isIP } from 'node:net';
import type { Context } from 'hono';

/** What the limits key a request by when no socket is known (an in-process `app.request`). */
export const UNKNOWN_ADDRESS = 'unknown';

interface Range {
  bytes: number[];
  prefix: number;
}

/** True when `value` is an IP address or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
export function isAddressPattern(value: string): boolean {
  return parseRange(value) !== undefined;
}

/** Matches addresses against trusted-proxy patterns, compiled once. */
export class TrustedProxies {
  readonly #ranges: Range[];

  constructor(patterns: readonly string[]) {
    this.#ranges = patterns.map((p) => {
      const range = parseRange(p);
      if (!range) throw new Error(`limits.trustedProxies: "${p}" is not an IP address or a CIDR range`);
      return range;
    });
  }

  /** True when `address` is one of the trusted proxies. */
  has(address: string): boolean {
    const bytes = addressBytes(address);
    return bytes !== undefined && this.#ranges.some((r) => inRange(bytes, r));
  }

  /** The client address of a request whose TCP peer is `peer` (see the module comment). */
  clientAddress(peer: string | undefined, forwardedFor: string | undefined): string {
    if (!peer) return UNKNOWN_ADDRESS;
    if (!forwardedFor || !this.has(peer)) return normalize(peer);
    const hops = forwardedFor
      .split(',')
      .map((h) => h.trim())
      .filter((h) => h !== '');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = stripPort(hops[i]!);
      if (isIP(hop) === 0) return normalize(peer);
      if (!this.has(hop)) return normalize(hop);
    }
    // Every hop is a trusted proxy: the leftmost is the closest thing to a client.
    return hops.length > 0 ? normalize(stripPort(hops[0]!)) : normalize(peer);
  }

  /** The client address of a Hono request served by `@hono/node-server` (its socket is `c.env.incoming`). */
  of(c: Context): string {
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
    return this.clientAddress(env?.incoming?.socket?.remoteAddress, c.req.header('x-forwarded-for'));
  }
}

/** `::ffff:1.2.3.4` (IPv4 on a dual-stack socket) is `1.2.3.4`. */
function normalize(address: string): string {
  return address.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}

/** `1.2.3.4:5678` and `[::1]:80` as some proxies write them. */
function stripPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(hop);
  return v4 ? v4[1]! : hop;
}

function parseRange(pattern: string): Range | undefined {
  const [address, prefixText, extra] = pattern.trim().split('/');
  if (extra !== undefined || address === undefined) return undefined;
  const bytes = addressBytes(address);
  if (!bytes) return undefined;
  const prefix = prefixText === undefined ? bytes.length * 8 : Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText ?? '0') || prefix > bytes.length * 8) return undefined;
  return { bytes, prefix };
}

/** The address as 4 (IPv4, also when written as IPv4-mapped IPv6) or 16 bytes. */
function addressBytes(raw: string): number[] | undefined {
  const address = normalize(raw);
  const kind = isIP(address);
  if (kind === 4) return address.split('.').map(Number);
  if (kind !== 6) return undefined;
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  // An embedded dotted IPv4 tail (`::1.2.3.4`) is two groups.
  const last = (right.length ? right : left).at(-1);
  if (last?.includes('.')) {
    const [a, b, c, d] = last.split('.').map(Number) as [number, number, number, number];
    const list = right.length ? right : left;
    list.splice(-1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const all = [...left, ...fill, ...right];
  if (all.length !== 8) return undefined;
  return all.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

function inRange(bytes: number[], range: Range): boolean {
  if (bytes.length !== range.bytes.length) return false;
  for (let bit = 0; bit < range.prefix; bit += 8) {
    const mask = range.prefix - bit >= 8 ? 0xff : (0xff << (8 - (range.prefix - bit))) & 0xff;
    if ((bytes[bit / 8]! & mask) !== (range.bytes[bit / 8]! & mask)) return false;
  }
  return true;
}
