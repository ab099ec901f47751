import { CATEGORIES, type Category } from './catalog.js';
import { h, svg } from './dom.js';
import type { SearchParams } from './search.js';
import { categoryLabel, formatPrice } from './views.js';

// The parts of the page that stay mounted across routes: the header, the search toolbar and
// notices. They are updated in place so the search box keeps focus and caret while typing.

const LOGO = `<svg viewBox="0 0 32 32" aria-hidden="true"><path d="M23 11h2.5a4.5 4.5 0 0 1 0 9H23"
  fill="none" stroke="currentColor" stroke-width="2.5"/><rect x="6" y="8" width="17" height="18" rx="3"
  fill="currentColor"/></svg>`;
const CART_ICON = `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 4h2l2.4 10.2a1 1 0 0 0 1 .8h8.9a1
  1 0 0 0 1-.8L20 8H6.2" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"
  stroke-linejoin="round"/><circle cx="9.5" cy="19" r="1.5" fill="currentColor"/><circle cx="17" cy="19"
  r="1.5" fill="currentColor"/></svg>`;

/** The site header: shop name and the cart button with its item-count badge. */
export function renderHeader(shopName: string): HTMLElement {
  return h(
    'header',
    { class: 'site-header' },
    h('a', { class: 'brand', href: '#/' }, svg(LOGO, 'logo'), shopName),
    h(
      'a',
      { class: 'cart-button', href: '#/cart', 'data-testid': 'cart-button', 'aria-label': 'Cart, 0 items' },
      svg(CART_ICON, 'icon'),
      h('span', { class: 'cart-label' }, 'Cart'),
      h('span', { class: 'badge', 'data-testid': 'cart-badge', 'data-count': 0 }, '0'),
    ),
  );
}

/** Shows `count` on the header's badge. */
export function updateBadge(header: HTMLElement, count: number): void {
  const badge = header.querySelector<HTMLElement>('[data-testid="cart-badge"]');
  if (badge) {
    badge.textContent = String(count);
    badge.dataset['count'] = String(count);
  }
  header
    .querySelector('[data-testid="cart-button"]')
    ?.setAttribute('aria-label', `Cart, ${count} ${count === 1 ? 'item' : 'items'}`);
}

/** The search box, category buttons and the price-limit chip above the grid. */
export function renderToolbar(): HTMLElement {
  const categoryButton = (category: Category | '', label: string): HTMLButtonElement =>
    h(
      'button',
      { type: 'button', class: 'chip', 'data-action': 'category', 'data-category': category, 'aria-pressed': 'false' },
      label,
    );
  return h(
    'div',
    { class: 'toolbar', role: 'search' },
    h('label', { class: 'visually-hidden', for: 'search' }, 'Search products'),
    h('input', {
      id: 'search',
      type: 'search',
      class: 'search-input',
      'data-testid': 'search-input',
      placeholder: 'Search mugs, tees, candles…',
      autocomplete: 'off',
    }),
    h(
      'div',
      { class: 'category-filters', role: 'group', 'aria-label': 'Category' },
      categoryButton('', 'All'),
      ...CATEGORIES.map((category) => categoryButton(category, categoryLabel(category))),
    ),
    h(
      'span',
      { class: 'chip price-chip', hidden: true },
      h('span', { class: 'price-chip-label' }),
      h(
        'button',
        { type: 'button', class: 'chip-remove', 'data-action': 'clear-max-price', 'aria-label': 'Remove price limit' },
        '×',
      ),
    ),
  );
}

/** Makes the toolbar show `search` without disturbing what the user is typing. */
export function syncToolbar(toolbar: HTMLElement, search: SearchParams): void {
  const input = toolbar.querySelector<HTMLInputElement>('[data-testid="search-input"]');
  if (input && input.value !== search.query) input.value = search.query;
  for (const button of toolbar.querySelectorAll<HTMLButtonElement>('[data-action="category"]')) {
    const selected = button.dataset['category'] === (search.category ?? '');
    button.setAttribute('aria-pressed', String(selected));
  }
  const chip = toolbar.querySelector<HTMLElement>('.price-chip');
  if (chip) {
    chip.hidden = search.maxPrice === undefined;
    const label = chip.querySelector('.price-chip-label');
    if (label && search.maxPrice !== undefined) label.textContent = `Up to ${formatPrice(search.maxPrice)}`;
  }
}

/** A dismissible, non-blocking notice shown under the header. */
export function renderNotice(message: string): HTMLElement {
  return h(
    'div',
    { class: 'notice', role: 'status', 'data-testid': 'webmcp-notice' },
    h('span', {}, message),
    h(
      'button',
      { type: 'button', class: 'chip-remove', 'data-action': 'dismiss-notice', 'aria-label': 'Dismiss' },
      '×',
    ),
  );
}
