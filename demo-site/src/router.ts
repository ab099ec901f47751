import { isCategory } from './catalog.js';
import { EMPTY_SEARCH, type SearchParams } from './search.js';

/** The views the shop can show, parsed from `location.hash`. */
export type Route =
  | { readonly name: 'home'; readonly search: SearchParams }
  | { readonly name: 'product'; readonly id: string }
  | { readonly name: 'cart' }
  | { readonly name: 'order-done' }
  | { readonly name: 'not-found'; readonly hash: string };

/** Why the route changed: the user followed a link / pressed Back, or code called `navigate`. */
export type RouteCause = 'hashchange' | 'navigate';

type RouteListener = (route: Route, cause: RouteCause) => void;

const listeners = new Set<RouteListener>();

/**
 * Parses a hash: `#/`, `#/?q=mug&category=kitchen&maxPrice=20`, `#/product/mug-001`, `#/cart`,
 * `#/checkout/done`. Anything else is `not-found`.
 */
export function parseRoute(hash: string): Route {
  const [path = '', queryString = ''] = hash.replace(/^#/, '').split('?', 2);
  if (path === '' || path === '/') return { name: 'home', search: parseSearch(queryString) };
  if (path === '/cart') return { name: 'cart' };
  if (path === '/checkout/done') return { name: 'order-done' };
  const product = /^\/product\/([^/]+)$/.exec(path);
  if (product?.[1]) return { name: 'product', id: safeDecode(product[1]) };
  return { name: 'not-found', hash };
}

/** The hash for a route; the inverse of {@link parseRoute}. */
export function routeHash(route: Route): string {
  switch (route.name) {
    case 'home': {
      const params = new URLSearchParams();
      if (route.search.query !== '') params.set('q', route.search.query);
      if (route.search.category) params.set('category', route.search.category);
      if (route.search.maxPrice !== undefined) params.set('maxPrice', String(route.search.maxPrice));
      const query = params.toString();
      return query === '' ? '#/' : `#/?${query}`;
    }
    case 'product':
      return `#/product/${encodeURIComponent(route.id)}`;
    case 'cart':
      return '#/cart';
    case 'order-done':
      return '#/checkout/done';
    case 'not-found':
      return route.hash;
  }
}

/** The route `location.hash` names now. */
export function currentRoute(): Route {
  return parseRoute(location.hash);
}

/**
 * Shows `route` now: updates the URL and runs the listeners synchronously, so a tool that
 * navigates can return after the page has re-rendered. `replace` avoids a history entry per
 * keystroke in the search box.
 */
export function navigate(route: Route, { replace = false }: { replace?: boolean } = {}): void {
  const url = routeHash(route);
  // pushState/replaceState change the hash without a hashchange event, so listeners run once.
  if (replace) history.replaceState(null, '', url);
  else if (url !== location.hash) history.pushState(null, '', url);
  notify('navigate');
}

/** Calls `listener` on every route change; returns a function that stops it. */
export function onRouteChange(listener: RouteListener): () => void {
  if (listeners.size === 0) addEventListener('hashchange', onHashChange);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) removeEventListener('hashchange', onHashChange);
  };
}

function onHashChange(): void {
  notify('hashchange');
}

function notify(cause: RouteCause): void {
  const route = currentRoute();
  for (const listener of listeners) listener(route, cause);
}

function parseSearch(queryString: string): SearchParams {
  const params = new URLSearchParams(queryString);
  const category = params.get('category');
  const maxPrice = Number.parseFloat(params.get('maxPrice') ?? '');
  return {
    ...EMPTY_SEARCH,
    query: params.get('q') ?? '',
    ...(isCategory(category) ? { category } : {}),
    ...(Number.isFinite(maxPrice) && maxPrice >= 0 ? { maxPrice } : {}),
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A malformed escape is shown as typed; the product lookup will simply not find it.
    return text;
  }
}
