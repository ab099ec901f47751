import { describe, expect, it } from 'vitest';
import { isFillerWord, normalize, quotedSpans, splitName, stem } from './text.js';

describe('stem', () => {
  it('strips plural and -ing endings so word forms meet', () => {
    expect(stem('mugs')).toBe(stem('mug'));
    expect(stem('boxes')).toBe(stem('box'));
    expect(stem('shoes')).toBe(stem('shoe'));
    expect(stem('categories')).toBe(stem('category'));
    expect(stem('shopping')).toBe(stem('shop'));
    expect(stem('adding')).toBe(stem('add'));
  });

  it('leaves numbers alone', () => {
    expect(stem('100')).toBe('100');
  });
});

describe('normalize', () => {
  it('maps synonyms onto one key', () => {
    expect(normalize('find')).toBe(normalize('search'));
    expect(normalize('items')).toBe(normalize('product'));
    expect(normalize('basket')).toBe(normalize('cart'));
    expect(normalize('under')).toBe(normalize('max'));
    expect(normalize('mug')).not.toBe(normalize('cart'));
  });
});

describe('splitName', () => {
  it('splits snake_case, kebab-case, dots and camelCase', () => {
    expect(splitName('search_products')).toEqual(['search', 'products']);
    expect(splitName('shop.get-cart')).toEqual(['shop', 'get', 'cart']);
    expect(splitName('maxPrice')).toEqual(['max', 'price']);
    expect(splitName('HTMLPageId')).toEqual(['html', 'page', 'id']);
  });
});

describe('quotedSpans', () => {
  it('finds double, single and curly quoted text', () => {
    expect(quotedSpans(`search "blue mug" or 'red cup' or “tea pot”`).map((s) => s.text)).toEqual([
      'blue mug',
      'red cup',
      'tea pot',
    ]);
  });

  it('does not treat apostrophes inside words as quotes', () => {
    expect(quotedSpans("I'm looking for Bob's mug")).toEqual([]);
  });
});

describe('isFillerWord', () => {
  it('covers stop words and request words but not subjects', () => {
    expect(isFillerWord('the')).toBe(true);
    expect(isFillerWord('find')).toBe(true);
    expect(isFillerWord('dollars')).toBe(true);
    expect(isFillerWord('mug')).toBe(false);
  });
});
