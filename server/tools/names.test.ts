import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ToolNameMap, WEBMCP_PREFIX, bareNameOf, canonicalName, namespaceOf, providerNameOf } from './names.js';

const SAFE = /^[A-Za-z0-9_-]{1,64}$/;

const NAMES = [
  'search_products',
  'get-cart',
  'a',
  'cart.add',
  'cart_add',
  'cart-add',
  'Cart.Add',
  'x'.repeat(56),
  'x'.repeat(57),
  'y'.repeat(128),
  'y'.repeat(127) + 'z',
  '...',
  '___',
  'v1.2.3',
];

describe('canonical names', () => {
  it('round-trips bare → canonical → bare', () => {
    for (const name of NAMES) {
      expect(canonicalName(name)).toBe(`webmcp:${name}`);
      expect(bareNameOf(canonicalName(name))).toBe(name);
    }
    expect(WEBMCP_PREFIX).toBe('webmcp:');
    expect(bareNameOf('not_prefixed')).toBe('not_prefixed');
  });
});

describe('providerNameOf', () => {
  it('is webmcp__<name> for a name that is already provider-safe and short', () => {
    expect(providerNameOf('webmcp:search_products')).toBe('webmcp__search_products');
    expect(providerNameOf('webmcp:get-cart')).toBe('webmcp__get-cart');
    expect(providerNameOf(canonicalName('x'.repeat(56)))).toBe('webmcp__' + 'x'.repeat(56)); // exactly 64
  });

  it('only uses [A-Za-z0-9_-], at most 64 characters, for every name', () => {
    for (const name of NAMES) {
      const provider = providerNameOf(canonicalName(name));
      expect(provider).toMatch(SAFE);
      expect(provider.startsWith('webmcp__')).toBe(true);
    }
  });

  it('gives names with dots a hash suffix, distinct from the underscore spelling', () => {
    const dotted = providerNameOf('webmcp:cart.add');
    const underscored = providerNameOf('webmcp:cart_add');
    expect(underscored).toBe('webmcp__cart_add');
    expect(dotted).toMatch(/^webmcp__cart_add_[0-9a-f]{8}$/);
    expect(dotted).not.toBe(underscored);
    expect(providerNameOf('webmcp:cart.add')).toBe(dotted); // deterministic
  });

  it('shortens long names with a hash that tells them apart', () => {
    const a = providerNameOf(canonicalName('y'.repeat(128)));
    const b = providerNameOf(canonicalName('y'.repeat(127) + 'z'));
    expect(a).toHaveLength(64);
    expect(b).toHaveLength(64);
    expect(a).not.toBe(b);
    expect(providerNameOf(canonicalName('x'.repeat(57)))).toHaveLength(64);
    expect(providerNameOf(canonicalName('x'.repeat(57)))).not.toBe('webmcp__' + 'x'.repeat(56));
  });
});

describe('ToolNameMap', () => {
  const canonical = NAMES.map((name) => canonicalName(name));

  it('gives every tool a distinct safe provider name that decodes back', () => {
    const map = new ToolNameMap(canonical);
    const providers = canonical.map((c) => map.provider(c));
    expect(new Set(providers).size).toBe(canonical.length);
    for (const [i, c] of canonical.entries()) {
      expect(providers[i]).toMatch(SAFE);
      expect(map.canonical(providers[i]!)).toBe(c);
    }
    expect(map.canonical('webmcp__made_up')).toBeUndefined();
    expect(map.canonical('search_products')).toBeUndefined();
  });

  it('is deterministic regardless of input order', () => {
    const forward = new ToolNameMap(canonical);
    const reversed = new ToolNameMap([...canonical].reverse());
    const shuffled = new ToolNameMap(
      [...canonical].sort((a, b) => (a.length % 3) - (b.length % 3) || b.localeCompare(a)),
    );
    for (const c of canonical) {
      expect(reversed.provider(c)).toBe(forward.provider(c));
      expect(shuffled.provider(c)).toBe(forward.provider(c));
    }
  });

  it('gives colliding inputs distinct names, in either order', () => {
    // a page tool literally named like another tool's hashed provider name
    const dotted = 'webmcp:a.b';
    const hashed = providerNameOf(dotted); // webmcp__a_b_<hash>
    const squatter = canonicalName(hashed.slice('webmcp__'.length));
    expect(providerNameOf(squatter)).toBe(hashed); // the collision is real
    for (const input of [
      [dotted, squatter],
      [squatter, dotted],
    ]) {
      const map = new ToolNameMap(input);
      expect(map.provider(dotted)).not.toBe(map.provider(squatter));
      expect(map.provider(dotted)).toMatch(SAFE);
      expect(map.provider(squatter)).toMatch(SAFE);
      expect(map.canonical(map.provider(dotted))).toBe(dotted);
      expect(map.canonical(map.provider(squatter))).toBe(squatter);
    }
    expect(new ToolNameMap([dotted, squatter]).provider(squatter)).toBe(
      new ToolNameMap([squatter, dotted]).provider(squatter),
    );
  });

  it('keeps names distinct when a collision’s hashed name is itself taken', () => {
    const h = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);
    // D hashes to P1; S is named P1 (collides, re-hashed to P2); E is named P2 and sorts before S,
    // so P2 is already E's when S needs it. Search a few D for that ordering.
    let triple: string[] | undefined;
    for (let i = 0; i < 100 && !triple; i++) {
      const d = canonicalName(`a.${'q'.repeat(60)}${i}`);
      const p1 = providerNameOf(d);
      const s = canonicalName(p1.slice('webmcp__'.length));
      const p2 = p1.slice(0, 55) + '_' + h(s + '#');
      const e = canonicalName(p2.slice('webmcp__'.length));
      if (e < s) triple = [d, s, e];
    }
    expect(triple).toBeDefined();
    const map = new ToolNameMap(triple!);
    const providers = triple!.map((c) => map.provider(c));
    expect(new Set(providers).size).toBe(3);
    for (const [i, c] of triple!.entries()) {
      expect(providers[i]).toMatch(SAFE);
      expect(map.canonical(providers[i]!)).toBe(c);
    }
  });

  it('falls back to providerNameOf for a tool it was not given', () => {
    expect(new ToolNameMap([]).provider('webmcp:x.y')).toBe(providerNameOf('webmcp:x.y'));
  });

  it('hashes the canonical name (the suffix is stable across releases)', () => {
    const hash = createHash('sha256').update('webmcp:cart.add').digest('hex').slice(0, 8);
    expect(providerNameOf('webmcp:cart.add')).toBe(`webmcp__cart_add_${hash}`);
  });
});

describe('namespaces', () => {
  it('maps each server namespace to its own provider prefix and back', () => {
    const names = ['webmcp:quote', 'http:quote', 'webhook:quote', 'code:quote', 'agent:quote'];
    const map = new ToolNameMap(names);
    expect(names.map((n) => map.provider(n))).toEqual([
      'webmcp__quote',
      'http__quote',
      'webhook__quote',
      'code__quote',
      'agent__quote',
    ]);
    for (const n of names) expect(map.canonical(map.provider(n))).toBe(n);
    expect(names.map(namespaceOf)).toEqual(['webmcp', 'http', 'webhook', 'code', 'agent']);
    expect(names.map(bareNameOf)).toEqual(Array(5).fill('quote'));
    expect(namespaceOf('quote')).toBeUndefined();
    expect(bareNameOf('ftp:quote')).toBe('ftp:quote');
  });
});
