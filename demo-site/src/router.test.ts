import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from './router.js';

describe('router', () => {
  it('parses every route and round-trips it', () => {
    const routes: Route[] = [
      { name: 'home', search: { query: '' } },
      { name: 'home', search: { query: 'white mug', category: 'kitchen', maxPrice: 20 } },
      { name: 'product', id: 'mug-001' },
      { name: 'cart' },
      { name: 'order-done' },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
    expect(parseRoute('')).toEqual({ name: 'home', search: { query: '' } });
  });

  it('drops invalid search parameters and reports unknown paths', () => {
    expect(parseRoute('#/?category=garden&maxPrice=-1&q=x')).toEqual({ name: 'home', search: { query: 'x' } });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'not-found', hash: '#/nowhere' });
  });
});
