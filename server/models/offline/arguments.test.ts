import { describe, expect, it } from 'vitest';
import type { ModelTool } from '../types.js';
import { fillArguments } from './arguments.js';
import { SHOP_TOOLS } from './shop-tools.fixture.js';

function shopTool(bareName: string): ModelTool {
  const tool = SHOP_TOOLS.find((t) => t.bareName === bareName);
  if (tool === undefined) throw new Error(`no fixture tool ${bareName}`);
  return tool;
}

const search = shopTool('search_products');

describe('fillArguments', () => {
  it('takes the query from content words minus the tool words and filler', () => {
    expect(fillArguments('find me a mug', search)).toEqual({ arguments: { query: 'mug' }, missing: [] });
    expect(fillArguments('Find me a Blue Mug, please', search).arguments).toEqual({ query: 'Blue Mug' });
  });

  it('fills an enum and the number near the property name', () => {
    const { arguments: args } = fillArguments('show me kitchen things under 20 dollars', search);
    expect(args['category']).toBe('kitchen');
    expect(args['maxPrice']).toBe(20);
    // the words went into other arguments, so the required query is present but empty
    expect(args['query']).toBe('');
  });

  it('reads a currency amount and keeps the rest as the query', () => {
    expect(fillArguments('blue mug below $12.50', search).arguments).toEqual({ query: 'blue mug', maxPrice: 12.5 });
  });

  it('prefers quoted text for the query', () => {
    expect(fillArguments('search "coffee cup" in home', search).arguments).toEqual({
      query: 'coffee cup',
      category: 'home',
    });
  });

  it('fills an id from a token with a digit or dash, and a plain number into the quantity', () => {
    expect(fillArguments('add 2 of mug-001 to my cart', shopTool('add_to_cart'))).toEqual({
      arguments: { productId: 'mug-001', quantity: 2 },
      missing: [],
    });
    expect(fillArguments('details for product 42', shopTool('get_product')).arguments).toEqual({ productId: '42' });
  });

  it('respects integer and minimum constraints', () => {
    const add = shopTool('add_to_cart');
    expect(fillArguments('add 0 of mug-001', add).arguments).toEqual({ productId: 'mug-001' });
    expect(fillArguments('add 1.5 of mug-001', add).arguments).toEqual({ productId: 'mug-001' });
  });

  it('reports a required property it cannot fill, with its description', () => {
    expect(fillArguments('add a mug to my cart', shopTool('add_to_cart'))).toEqual({
      arguments: {},
      missing: [{ name: 'productId', description: 'The product id, e.g. mug-001' }],
    });
    expect(fillArguments('search products', search).missing.map((m) => m.name)).toEqual(['query']);
  });

  it('sets a boolean when its name is mentioned', () => {
    const tool: ModelTool = {
      name: 'webmcp__list_products',
      canonicalName: 'webmcp:list_products',
      bareName: 'list_products',
      description: 'List products.',
      parameters: { type: 'object', properties: { inStock: { type: 'boolean' }, giftWrap: { type: 'boolean' } } },
    };
    expect(fillArguments('list products in stock', tool).arguments).toEqual({ inStock: true });
  });
});
