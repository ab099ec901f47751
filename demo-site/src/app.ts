import { cart } from './cart.js';
import { catalog, findProduct, isCategory, type Product } from './catalog.js';
import { h } from './dom.js';
import { renderHeader, renderNotice, renderToolbar, syncToolbar, updateBadge } from './layout.js';
import { lastOrder, placeOrder } from './orders.js';
import { currentRoute, navigate, onRouteChange, type Route } from './router.js';
import { EMPTY_SEARCH, searchProducts, type SearchParams } from './search.js';
import { renderCart, renderConfirmation, renderDetail, renderGrid, renderNotFound } from './views.js';

/** The shop's display name. */
export const SHOP_NAME = 'Mugs & More';

/** What `main.ts` can do with a mounted shop. */
export interface ShopApp {
  /** Shows a dismissible, non-blocking message under the header. */
  showNotice(message: string): void;
}

const productsById: ReadonlyMap<string, Product> = new Map(catalog.map((product) => [product.id, product]));

/**
 * Renders the storefront into `root` and keeps it in step with the URL hash and the cart.
 * Every view is re-rendered from state, so WebMCP tools only change state (navigate, cart) and
 * the page follows — synchronously, so a tool returns after the page shows its effect.
 */
export function mountShop(root: HTMLElement): ShopApp {
  const header = renderHeader(SHOP_NAME);
  const notices = h('div', { class: 'notices' });
  const toolbar = renderToolbar();
  const view = h('div', { class: 'view-slot' });
  const main = h('main', { id: 'main', class: 'main' }, toolbar, view);
  const footer = h(
    'footer',
    { class: 'site-footer' },
    `${SHOP_NAME} is a demo storefront: nothing is sold. Ask the assistant to find, add or check out products for you.`,
  );
  root.replaceChildren(header, notices, main, footer);

  let shownKey = '';
  const render = (route: Route, moveFocus: boolean): void => {
    const focusedAction = describeFocus(view);
    toolbar.hidden = route.name !== 'home';
    if (route.name === 'home') syncToolbar(toolbar, route.search);
    view.replaceChildren(renderRoute(route));
    document.title = titleFor(route);
    const key = route.name === 'product' ? `product:${route.id}` : route.name;
    if (key !== shownKey) scrollTo(0, 0);
    shownKey = key;
    if (moveFocus) view.querySelector<HTMLElement>('.view-title')?.focus();
    else if (focusedAction) restoreFocus(view, focusedAction);
  };

  const showNotice = (message: string): void => {
    notices.replaceChildren(renderNotice(message));
  };

  const search = (): SearchParams => {
    const route = currentRoute();
    return route.name === 'home' ? route.search : EMPTY_SEARCH;
  };
  const showSearch = (next: SearchParams): void => navigate({ name: 'home', search: next }, { replace: true });

  const act = (action: string, target: HTMLElement): void => {
    const id = target.dataset['productId'] ?? '';
    switch (action) {
      case 'add-to-cart':
        cart.add(id, 1);
        flash(target, 'Added ✓');
        break;
      case 'increment':
        cart.add(id, 1);
        break;
      case 'decrement':
        cart.setQuantity(id, cart.quantityOf(id) - 1);
        break;
      case 'remove':
        cart.remove(id);
        break;
      case 'checkout':
        placeOrder(cart);
        navigate({ name: 'order-done' });
        break;
      case 'category': {
        const { category: _previous, ...rest } = search();
        const category = target.dataset['category'];
        showSearch(isCategory(category) ? { ...rest, category } : rest);
        break;
      }
      case 'clear-max-price': {
        const { maxPrice: _previous, ...rest } = search();
        showSearch(rest);
        break;
      }
      case 'clear-search':
        showSearch(EMPTY_SEARCH);
        break;
      case 'dismiss-notice':
        target.closest('.notice')?.remove();
        break;
    }
  };

  root.addEventListener('click', (event) => {
    const target = (event.target as Element).closest<HTMLElement>('button[data-action]');
    if (!target || !root.contains(target)) return;
    try {
      act(target.dataset['action'] ?? '', target);
    } catch (error) {
      showNotice(error instanceof Error ? error.message : String(error));
    }
  });
  root.addEventListener('input', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.dataset['testid'] === 'search-input') showSearch({ ...search(), query: input.value });
  });
  root.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    if (form.dataset['action'] !== 'add-form') return;
    event.preventDefault();
    const quantity = Number((form.elements.namedItem('quantity') as HTMLInputElement | null)?.value ?? 1);
    try {
      cart.add(form.dataset['productId'] ?? '', quantity);
    } catch (error) {
      showNotice(error instanceof Error ? error.message : String(error));
    }
  });

  cart.subscribe((summary) => {
    updateBadge(header, summary.totalQuantity);
    const route = currentRoute();
    if (route.name === 'cart' || route.name === 'product') render(route, false);
  });
  // Only links and Back (hashchange) move focus; programmatic navigation — e.g. a tool call
  // from the chat widget — must not pull focus out of the chat.
  onRouteChange((route, cause) => render(route, cause === 'hashchange'));

  updateBadge(header, cart.summary().totalQuantity);
  render(currentRoute(), false);
  return { showNotice };
}

function renderRoute(route: Route): HTMLElement {
  switch (route.name) {
    case 'home':
      return renderGrid(searchProducts(catalog, route.search), route.search);
    case 'product': {
      const product = findProduct(route.id);
      return product
        ? renderDetail(product, cart.quantityOf(product.id))
        : renderNotFound(`There is no product with id “${route.id}”.`);
    }
    case 'cart':
      return renderCart(cart.summary(), productsById);
    case 'order-done':
      return renderConfirmation(lastOrder());
    case 'not-found':
      return renderNotFound('This page does not exist.');
  }
}

function titleFor(route: Route): string {
  const page =
    route.name === 'product'
      ? (findProduct(route.id)?.name ?? 'Not found')
      : route.name === 'cart'
        ? 'Your cart'
        : route.name === 'order-done'
          ? 'Order placed'
          : route.name === 'not-found'
            ? 'Not found'
            : '';
  return page === '' ? SHOP_NAME : `${page} — ${SHOP_NAME}`;
}

/** Identifies the focused action button in `container`, so a re-render can focus its twin. */
function describeFocus(container: HTMLElement): string | undefined {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !container.contains(active) || !active.dataset['action']) return undefined;
  const productId = CSS.escape(active.dataset['productId'] ?? '');
  return `[data-action="${CSS.escape(active.dataset['action'])}"][data-product-id="${productId}"]`;
}

function restoreFocus(container: HTMLElement, selector: string): void {
  const twin = container.querySelector<HTMLElement>(selector);
  (twin && !twin.hasAttribute('disabled') ? twin : container.querySelector<HTMLElement>('.view-title'))?.focus();
}

function flash(button: HTMLElement, text: string): void {
  const original = button.textContent;
  button.textContent = text;
  button.classList.add('flash');
  setTimeout(() => {
    button.textContent = original;
    button.classList.remove('flash');
  }, 1200);
}
