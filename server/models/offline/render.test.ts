import { describe, expect, it } from 'vitest';
import { describeResult } from './render.js';

const SHAPES: unknown[] = [
  {
    query: 'mug',
    count: 2,
    results: [
      { id: 'a', name: 'Blue Mug', price: 12 },
      { id: 'b', name: 'Red Mug', price: 9.5 },
    ],
  },
  { items: [{ sku: 'X-1', quantity: 2, meta: { colour: 'red', tags: ['a', { b: 1 }] } }], totalCents: 1999 },
  [{ title: 'Dune', author: 'Frank Herbert', priceCents: 1250, currency: 'EUR' }],
  { order: { id: 'A-1', lines: [{ name: 'Pen', price: 2 }] }, nested: { deep: { deeper: { value: '{"x":1}' } } } },
  [1, 'two', null, true, [3]],
  'just a string',
  42,
  {},
  [],
];

describe('describeResult', () => {
  it('lists objects as bullets with name, formatted price and a telling field', () => {
    const text = describeResult(JSON.stringify(SHAPES[0]), { currency: '$' });
    expect(text).toBe('Found 2 results for “mug”.\n\n- **Blue Mug** — $12.00\n- **Red Mug** — $9.50');
  });

  it('names the cheapest first when asked, preferring items named like the request', () => {
    const list = [
      { name: 'Coffee Shirt', price: 5 },
      { name: 'Big Mug', price: 20 },
      { name: 'Small Mug', price: 8 },
    ];
    const text = describeResult(JSON.stringify(list), { currency: '$', order: 'asc', subject: ['mug'] });
    expect(text.split('\n\n')[0]).toBe('The cheapest is **Small Mug** at $8.00.');
    expect(text.indexOf('Small Mug')).toBeLessThan(text.indexOf('Big Mug'));
    expect(text.indexOf('Big Mug')).toBeLessThan(text.indexOf('Coffee Shirt'));
  });

  it('reads cents and a currency field as money, and states totals', () => {
    expect(describeResult(JSON.stringify(SHAPES[2]))).toBe('1 result:\n- **Dune** — €12.50 · Frank Herbert');
    expect(describeResult(JSON.stringify(SHAPES[1]), { currency: '$' })).toContain('Total: $19.99.');
    expect(
      describeResult('{"added":{"id":"m1","name":"Mug","quantity":2},"cart":{"items":[{"name":"Mug"}],"total":24}}', {
        currency: '$',
      }),
    ).toBe('Added: Mug, quantity: 2; cart: 1 item, total: $24.00.');
  });

  it('describes one object in a sentence or two, its description as prose', () => {
    const product = { id: 'p1', name: 'Teapot', price: 34, description: 'A round teapot.', inCart: 0 };
    expect(describeResult(JSON.stringify(product), { currency: '$' })).toBe(
      '**Teapot** — $34.00. A round teapot.\n\nIn cart: 0.',
    );
  });

  it('never lets JSON syntax through, whatever the shape', () => {
    for (const shape of SHAPES) {
      const text = describeResult(JSON.stringify(shape));
      expect(text, JSON.stringify(shape)).not.toContain('{"');
      expect(text.trim()).not.toBe('');
    }
    expect(describeResult('not json {"a":1')).not.toContain('{"');
  });
});
