import { describe, expect, it } from 'vitest';
import { ROUTE_THRESHOLD, routeTool, scoreTools } from './router.js';
import { SHOP_TOOLS } from './shop-tools.fixture.js';

const routed = (text: string): string | undefined => routeTool(text, SHOP_TOOLS)?.bareName;

describe('routeTool', () => {
  it('routes a search request through the find → search synonym', () => {
    expect(routed('find me a mug')).toBe('search_products');
  });

  it('routes by enum values and "things" when the tool name is not spoken', () => {
    expect(routed('show me kitchen things under 20 dollars')).toBe('search_products');
  });

  it('routes by name words', () => {
    expect(routed('add mug-001 to my cart')).toBe('add_to_cart');
    expect(routed('remove mug-001 from the cart')).toBe('remove_from_cart');
    expect(routed('read the page')).toBe('read_page');
    expect(routed('checkout')).toBe('checkout');
  });

  it('prefers the tool that needs no arguments on a tie', () => {
    expect(routed("what's in my cart?")).toBe('get_cart');
  });

  it('sends a bare id to the tool that looks one up', () => {
    expect(routed('tell me about mug-001')).toBe('get_product');
  });

  it('picks nothing below the threshold', () => {
    expect(routed('hello there, how are you')).toBeUndefined();
    expect(routeTool('find me a mug', [])).toBeUndefined();
  });
});

describe('scoreTools', () => {
  it('ranks every tool, best first, with the matched name words', () => {
    const scores = scoreTools('add a mug to my cart', SHOP_TOOLS);
    expect(scores).toHaveLength(SHOP_TOOLS.length);
    expect(scores[0]?.tool.bareName).toBe('add_to_cart');
    expect(scores[0]?.nameCoverage).toBe(1);
    expect(scores[0]?.score).toBeGreaterThanOrEqual(ROUTE_THRESHOLD);
    const readPage = scores.find((s) => s.tool.bareName === 'read_page');
    expect(readPage?.score).toBe(0);
  });
});
