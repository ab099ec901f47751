import { describe, expect, it } from 'vitest';
import { compileValidator, formatIssues, type ValidationIssue } from './validator.js';

const HANG_GUARD_MS = 200;

/** Paths and messages of the issues, as one readable line. */
function check(schema: Record<string, unknown> | undefined, value: unknown): string {
  return formatIssues(compileValidator(schema)(value));
}

function paths(issues: ValidationIssue[]): string[] {
  return issues.map((i) => i.path);
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  ...extra,
});

describe('compileValidator: the root', () => {
  it('rejects anything that is not a plain object, with or without a schema', () => {
    for (const schema of [undefined, obj({})]) {
      for (const value of [null, undefined, 'text', 42, true, [], [{}]]) {
        expect(check(schema, value), JSON.stringify(value)).toMatch(/^\(input\) must be object, got /);
      }
    }
    expect(check(undefined, [])).toBe('(input) must be object, got array');
    expect(check(undefined, null)).toBe('(input) must be object, got null');
  });

  it('accepts any object when there is no schema', () => {
    expect(check(undefined, {})).toBe('');
    expect(check(undefined, { anything: [1, { deep: true }] })).toBe('');
  });

  it('still requires an object when the schema says another type', () => {
    expect(check({ type: 'string' }, 'x')).toBe('(input) must be object, got string');
  });
});

describe('compileValidator: keywords', () => {
  it('checks each JSON type, integer apart from number, and type lists', () => {
    const schema = obj({
      s: { type: 'string' },
      n: { type: 'number' },
      i: { type: 'integer' },
      b: { type: 'boolean' },
      z: { type: 'null' },
      a: { type: 'array' },
      o: { type: 'object' },
      sn: { type: ['string', 'null'] },
    });
    expect(check(schema, { s: 'x', n: 1.5, i: 3, b: false, z: null, a: [], o: {}, sn: null })).toBe('');
    expect(check(schema, { s: 1, n: '1', i: 1.5, b: 'true', z: 0, a: {}, o: [], sn: 3 })).toBe(
      '/s must be string, got integer; /n must be number, got string; /i must be integer, got number; /b must be boolean, got string; ' +
        '/z must be null, got integer; /a must be array, got object; /o must be object, got array; /sn must be string or null, got integer',
    );
  });

  it('reports every missing required property, and accepts present ones even when falsy', () => {
    const schema = obj({ a: {}, b: {} }, { required: ['a', 'b', 'c'] });
    expect(check(schema, {})).toBe('/a is required; /b is required; /c is required');
    expect(check(schema, { a: 0, b: '', c: null })).toBe('');
  });

  it('does not take inherited properties as present', () => {
    expect(check({ type: 'object', required: ['toString'] }, {})).toBe('/toString is required');
  });

  it('checks enum (by value, including objects) and const', () => {
    const schema = obj({ size: { enum: ['S', 'M', 'L'] }, shape: { enum: [{ x: 1 }, null] }, kind: { const: 'book' } });
    expect(check(schema, { size: 'M', shape: { x: 1 }, kind: 'book' })).toBe('');
    expect(check(schema, { shape: null })).toBe('');
    expect(check(schema, { size: 'XL', shape: { x: 2 }, kind: 'film' })).toBe(
      '/size must be one of "S", "M", "L"; /shape must be one of {"x":1}, null; /kind must be "book"',
    );
  });

  it('checks minimum, maximum and the exclusive bounds', () => {
    const schema = obj({
      q: { type: 'integer', minimum: 1, maximum: 99 },
      r: { exclusiveMinimum: 0, exclusiveMaximum: 1 },
    });
    expect(check(schema, { q: 1, r: 0.5 })).toBe('');
    expect(check(schema, { q: 99 })).toBe('');
    expect(check(schema, { q: 0, r: 0 })).toBe('/q must be >= 1; /r must be > 0');
    expect(check(schema, { q: 100, r: 1 })).toBe('/q must be <= 99; /r must be < 1');
  });

  it('counts string length in characters (code points), not UTF-16 units', () => {
    const schema = obj({ s: { minLength: 2, maxLength: 3 } });
    expect(check(schema, { s: '😀😀😀' })).toBe('');
    expect(check(schema, { s: '😀' })).toBe('/s must have at least 2 characters');
    expect(check(schema, { s: 'abcd' })).toBe('/s must have at most 3 characters');
  });

  it('checks minItems and maxItems', () => {
    const schema = obj({ tags: { type: 'array', minItems: 1, maxItems: 2 } });
    expect(check(schema, { tags: ['a'] })).toBe('');
    expect(check(schema, { tags: [] })).toBe('/tags must have at least 1 items');
    expect(check(schema, { tags: [1, 2, 3] })).toBe('/tags must have at most 2 items');
  });

  it('checks pattern', () => {
    const schema = obj({ sku: { type: 'string', pattern: '^[A-Z]{3}-\\d+$' } });
    expect(check(schema, { sku: 'ABC-123' })).toBe('');
    expect(check(schema, { sku: 'abc-123' })).toBe('/sku must match ^[A-Z]{3}-\\d+$');
  });

  it('checks patterns that are only valid without the u flag, such as an escaped hyphen', () => {
    const schema = obj({ phone: { type: 'string', pattern: '^\\d{3}\\-\\d{4}$' } });
    expect(check(schema, { phone: '555-1234' })).toBe('');
    expect(check(schema, { phone: '5551234' })).toBe('/phone must match ^\\d{3}\\-\\d{4}$');
  });

  it('ignores an invalid pattern instead of throwing', () => {
    for (const pattern of ['([', '*', '(?<', 'a{2,1}', '\\']) {
      const validate = compileValidator(obj({ s: { type: 'string', pattern } }));
      expect(validate({ s: 'anything' }), pattern).toEqual([]);
      expect(paths(validate({ s: 1 }))).toEqual(['/s']);
    }
  });

  it('refuses unknown properties when additionalProperties is false, and validates them against a schema', () => {
    expect(check(obj({ a: {} }, { additionalProperties: false }), { a: 1, b: 2, c: 3 })).toBe(
      '/b is not an allowed property; /c is not an allowed property',
    );
    expect(check(obj({ a: {} }, { additionalProperties: { type: 'number' } }), { a: 'x', b: 2, c: 'y' })).toBe(
      '/c must be number, got string',
    );
    expect(check(obj({ a: {} }), { b: 'anything' })).toBe('');
  });

  it('names the full path of a nested failure in objects and arrays', () => {
    const schema = obj({
      order: obj(
        { lines: { type: 'array', items: obj({ qty: { type: 'integer', minimum: 1 } }, { required: ['sku'] }) } },
        { required: ['lines'] },
      ),
    });
    expect(check(schema, { order: { lines: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 0 }, { qty: 2 }] } })).toBe(
      '/order/lines/1/qty must be >= 1; /order/lines/2/sku is required',
    );
    expect(check(schema, { order: {} })).toBe('/order/lines is required');
  });

  it('checks anyOf: at least one branch', () => {
    const schema = obj({ id: { anyOf: [{ type: 'string' }, { type: 'integer' }] } });
    expect(check(schema, { id: 'a' })).toBe('');
    expect(check(schema, { id: 3 })).toBe('');
    expect(check(schema, { id: true })).toBe('/id must match at least one allowed shape');
  });

  it('checks oneOf: exactly one branch', () => {
    const schema = obj({ n: { oneOf: [{ type: 'integer' }, { type: 'number', minimum: 10 }] } });
    expect(check(schema, { n: 3 })).toBe('');
    expect(check(schema, { n: 10.5 })).toBe('');
    expect(check(schema, { n: 12 })).toBe('/n must match exactly one allowed shape (matched 2)');
    expect(check(schema, { n: 'x' })).toBe('/n must match exactly one allowed shape (matched 0)');
  });

  it('checks allOf: every branch, reporting each failure', () => {
    const schema = obj({ s: { allOf: [{ type: 'string' }, { minLength: 3 }] } });
    expect(check(schema, { s: 'abc' })).toBe('');
    expect(check(schema, { s: 'ab' })).toBe('/s must have at least 3 characters');
  });

  it('ignores unknown keywords and types', () => {
    expect(check(obj({ a: { type: 'decimal', format: 'email', 'x-custom': 1 } }), { a: 'not an email' })).toBe('');
  });

  it('reports at most 20 issues', () => {
    const properties = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, { type: 'string' }]));
    const value = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, i]));
    expect(compileValidator(obj(properties))(value)).toHaveLength(20);
  });
});

describe('compileValidator: hostile schemas and values', () => {
  it('compiles a 10,000-deep schema without overflowing the stack and validates in bounded time', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 10_000; i++) schema = obj({ a: schema }, { required: ['a'] });
    let value: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) value = { a: value };
    const compiled = timed(() => compileValidator(schema));
    expect(compiled.ms).toBeLessThan(HANG_GUARD_MS);
    const run = timed(() => compiled.value(value));
    expect(run.ms).toBeLessThan(HANG_GUARD_MS);
    expect(run.value).toEqual([]);
    // The top levels are still checked.
    expect(paths(compiled.value({ a: { a: 1 } }))).toEqual(['/a/a']);
    expect(paths(compiled.value({}))).toEqual(['/a']);
  });

  it('handles a 100,000-value enum in bounded time', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => `v${i}`);
    const compiled = timed(() => compileValidator(obj({ e: { enum: values } })));
    expect(compiled.ms).toBeLessThan(HANG_GUARD_MS * 2);
    const run = timed(() => {
      for (let i = 0; i < 1000; i++) compiled.value({ e: `v${i * 97}` });
      return compiled.value({ e: 'nope' });
    });
    expect(run.ms).toBeLessThan(HANG_GUARD_MS);
    expect(run.value[0]!.message).toBe('must be one of "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", …');
  });

  const CATASTROPHIC: Array<[string, string]> = [
    ['^(a+)+$', 'a'.repeat(9_999) + '!'],
    ['^(a|a)*$', 'a'.repeat(9_999) + '!'],
    ['^(a|aa)+$', 'a'.repeat(9_999) + '!'],
    ['^(\\w+\\s?)+$', 'word '.repeat(1_999) + '!'],
    ['^(a*)*b$', 'a'.repeat(9_999)],
    ['^(?:a+){2,}$', 'a'.repeat(9_999) + '!'],
    ['^a*a*a*a*a*a*$', 'a'.repeat(9_999) + '!'],
    ['\\s*\\s*\\s*x', ' '.repeat(9_999)],
    ['^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$', 'a'.repeat(9_999) + '@'],
    ['^((ab)*)+$', 'ab'.repeat(4_999) + 'a'],
    ['(x+x+)+y', 'x'.repeat(9_999)],
  ];

  for (const [pattern, input] of CATASTROPHIC) {
    it(`finishes ${pattern} against a ${input.length}-character string in bounded time`, () => {
      const validate = compileValidator(obj({ s: { type: 'string', pattern } }));
      const run = timed(() => validate({ s: input }));
      expect(run.ms).toBeLessThan(HANG_GUARD_MS);
    });
  }

  it('does not check a pattern that could backtrack without bound (the page’s tool still validates its input)', () => {
    const validate = compileValidator(obj({ s: { type: 'string', pattern: '^(a+)+$' } }));
    expect(validate({ s: 'b' })).toEqual([]);
    expect(paths(validate({ s: 1 }))).toEqual(['/s']);
  });

  it('still checks safe patterns on long strings', () => {
    const validate = compileValidator(obj({ s: { type: 'string', pattern: '^[a-z]+$' } }));
    expect(validate({ s: 'a'.repeat(5_000) })).toEqual([]);
    expect(paths(validate({ s: 'a'.repeat(5_000) + '1' }))).toEqual(['/s']);
  });

  it('still checks patterns with several quantifiers on realistic lengths', () => {
    const validate = compileValidator(obj({ email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' } }));
    expect(validate({ email: 'someone@example.com' })).toEqual([]);
    expect(paths(validate({ email: 'not an email' }))).toEqual(['/email']);
  });
});
