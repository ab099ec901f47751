import { describe, expect, it } from 'vitest';
import { catalog } from './catalog.js';
import { searchProducts, searchWords } from './search.js';

const ids = (query: string, extra: Omit<Parameters<typeof searchProducts>[1], 'query'> = {}): string[] =>
  searchProducts(catalog, { query, ...extra }).map((product) => product.id);

describe('searchWords', () => {
  it('lower-cases, splits on punctuation, drops stop words and plurals', () => {
    expect(searchWords('Show me some Speckled MUGS, please!')).toEqual(['speckled', 'mug', 'please']);
    expect(searchWords('candies')).toEqual(['candy']);
    expect(searchWords('glass')).toEqual(['glass']);
  });
});

describe('searchProducts', () => {
  it('returns every product for an empty query', () => {
    expect(ids('')).toHaveLength(catalog.length);
    expect(ids('   ')).toHaveLength(catalog.length);
  });

  it('matches name words case-insensitively, singular or plural', () => {
    expect(ids('MUG')).toEqual(expect.arrayContaining(['mug-001', 'mug-002']));
    expect(ids('mugs')).toEqual(ids('mug'));
    expect(ids('mug')).not.toContain('nbk-001');
  });

  it('requires every query word to match', () => {
    expect(ids('white mug')).toEqual(['mug-001']);
    expect(ids('speckled stoneware')).toEqual(['mug-002']);
    expect(ids('speckled notebook')).toEqual([]);
  });

  it('matches the description and the category too', () => {
    expect(ids('dishwasher')).toEqual(['mug-001']);
    expect(ids('stationery')).toEqual(['nbk-001', 'pen-001', 'stk-001']);
  });

  it('matches word prefixes, so results appear while typing', () => {
    expect(ids('specK')).toEqual(['mug-002']);
    expect(ids('ug')).toEqual([]);
  });

  it('ranks name matches before description matches, then keeps catalog order', () => {
    // "tea" is in the teapot's name but only in the descriptions of the others.
    const results = ids('tea');
    expect(results[0]).toBe('pot-001');
    expect(results).toEqual(expect.arrayContaining(['mug-001', 'stk-001']));
  });

  it('filters by category', () => {
    const kitchen = ids('', { category: 'kitchen' });
    expect(kitchen.length).toBeGreaterThanOrEqual(2);
    expect(kitchen.every((id) => catalog.find((p) => p.id === id)?.category === 'kitchen')).toBe(true);
    expect(ids('mug', { category: 'apparel' })).toEqual(['tee-001']); // "a small mug print"
    expect(ids('teapot', { category: 'apparel' })).toEqual([]);
  });

  it('filters by an inclusive maximum price', () => {
    expect(ids('stoneware', { maxPrice: 18 })).toEqual(['mug-002']);
    expect(ids('stoneware', { maxPrice: 17.99 })).toEqual([]);
    expect(ids('', { maxPrice: 9.5 })).toEqual(['mug-003', 'stk-001']);
    expect(ids('', { maxPrice: 0 })).toEqual([]);
  });

  it('returns an empty list when nothing matches', () => {
    expect(ids('submarine')).toEqual([]);
  });
});
