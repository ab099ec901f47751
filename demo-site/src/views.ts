import { productArt } from './art.js';
import type { CartSummary } from './cart.js';
import type { Product } from './catalog.js';
import { h, svg } from './dom.js';
import type { Order } from './orders.js';
import type { SearchParams } from './search.js';

// Views are pure: data in, elements out. Buttons carry `data-action` and the app handles
// clicks by delegation, so nothing here holds state or listeners.

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Formats US dollars: `12` → `$12.00`. */
export function formatPrice(amount: number): string {
  return usd.format(amount);
}

/** Capitalises a category for display: `kitchen` → `Kitchen`. */
export function categoryLabel(category: string): string {
  return category.charAt(0).toUpperCase() + category.slice(1);
}

function heading(text: string): HTMLHeadingElement {
  // tabindex -1 lets the app move focus here after a user-initiated navigation.
  return h('h1', { class: 'view-title', tabindex: -1 }, text);
}

function itemCount(count: number): string {
  return `${count} ${count === 1 ? 'item' : 'items'}`;
}

/** The product grid for a search, with an empty state that offers to clear it. */
export function renderGrid(products: readonly Product[], search: SearchParams): HTMLElement {
  const filtered = search.query !== '' || search.category !== undefined || search.maxPrice !== undefined;
  const title =
    search.query !== ''
      ? `Results for “${search.query}”`
      : search.category
        ? categoryLabel(search.category)
        : 'All products';
  const cards = products.map((product) =>
    h(
      'li',
      { class: 'product-card', 'data-testid': 'product-card', 'data-product-id': product.id },
      h(
        'a',
        { class: 'card-link', href: `#/product/${product.id}` },
        svg(productArt(product.art), 'art'),
        h('span', { class: 'card-name' }, product.name),
      ),
      h(
        'p',
        { class: 'card-meta' },
        h('span', { class: 'category-tag' }, categoryLabel(product.category)),
        h('span', { class: 'price' }, formatPrice(product.price)),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'button secondary',
          'data-action': 'add-to-cart',
          'data-product-id': product.id,
          'aria-label': `Add ${product.name} to cart`,
        },
        'Add to cart',
      ),
    ),
  );
  return h(
    'section',
    { class: 'view grid-view' },
    heading(title),
    h(
      'p',
      { class: 'result-count', role: 'status' },
      `${products.length} ${products.length === 1 ? 'product' : 'products'}`,
    ),
    products.length > 0
      ? h('ul', { class: 'product-grid', 'data-testid': 'product-grid' }, ...cards)
      : h(
          'div',
          { class: 'empty', 'data-testid': 'product-grid', 'data-empty': true },
          h('p', {}, 'No products match this search.'),
          filtered &&
            h(
              'button',
              { type: 'button', class: 'button secondary', 'data-action': 'clear-search' },
              'Show all products',
            ),
        ),
  );
}

/** One product's page, with a quantity field and an add-to-cart form. */
export function renderDetail(product: Product, inCart: number): HTMLElement {
  return h(
    'article',
    { class: 'view product-detail', 'data-testid': 'product-detail', 'data-product-id': product.id },
    h('a', { class: 'back-link', href: '#/' }, '← All products'),
    h(
      'div',
      { class: 'detail-layout' },
      svg(productArt(product.art), 'art art-large'),
      h(
        'div',
        { class: 'detail-info' },
        h('p', { class: 'category-tag' }, categoryLabel(product.category)),
        heading(product.name),
        h('p', { class: 'detail-price price' }, formatPrice(product.price)),
        h('p', { class: 'description' }, product.description),
        h(
          'form',
          { class: 'add-form', 'data-action': 'add-form', 'data-product-id': product.id },
          h('label', { for: 'quantity' }, 'Quantity'),
          h('input', {
            id: 'quantity',
            name: 'quantity',
            type: 'number',
            min: 1,
            max: 99,
            value: 1,
            inputmode: 'numeric',
          }),
          h('button', { type: 'submit', class: 'button primary' }, 'Add to cart'),
        ),
        inCart > 0 &&
          h('p', { class: 'in-cart' }, `${inCart} in your cart · `, h('a', { href: '#/cart' }, 'View cart')),
        h('p', { class: 'product-id' }, `Item ${product.id}`),
      ),
    ),
  );
}

/** The cart: lines with quantity steppers and remove buttons, the total and checkout. */
export function renderCart(summary: CartSummary, products: ReadonlyMap<string, Product>): HTMLElement {
  if (summary.items.length === 0) {
    return h(
      'section',
      { class: 'view cart-view', 'data-testid': 'cart-view' },
      heading('Your cart'),
      h('p', { class: 'empty' }, 'Your cart is empty. ', h('a', { href: '#/' }, 'Browse products')),
    );
  }
  const lines = summary.items.map((line) => {
    const product = products.get(line.id);
    return h(
      'li',
      { class: 'cart-line', 'data-testid': 'cart-line', 'data-product-id': line.id },
      product && svg(productArt(product.art), 'art art-small'),
      h(
        'div',
        { class: 'line-info' },
        h('a', { href: `#/product/${line.id}` }, line.name),
        h('span', { class: 'muted' }, `${formatPrice(line.price)} each`),
      ),
      h(
        'div',
        { class: 'stepper', role: 'group', 'aria-label': `Quantity of ${line.name}` },
        h(
          'button',
          {
            type: 'button',
            'data-action': 'decrement',
            'data-product-id': line.id,
            'aria-label': `One fewer ${line.name}`,
          },
          '−',
        ),
        h('span', { class: 'quantity', 'data-testid': 'line-quantity' }, line.quantity),
        h(
          'button',
          {
            type: 'button',
            'data-action': 'increment',
            'data-product-id': line.id,
            'aria-label': `One more ${line.name}`,
            disabled: line.quantity >= 99,
          },
          '+',
        ),
      ),
      h('span', { class: 'line-total price' }, formatPrice(line.lineTotal)),
      h(
        'button',
        {
          type: 'button',
          class: 'link-button',
          'data-action': 'remove',
          'data-product-id': line.id,
          'aria-label': `Remove ${line.name}`,
        },
        'Remove',
      ),
    );
  });
  return h(
    'section',
    { class: 'view cart-view', 'data-testid': 'cart-view' },
    heading('Your cart'),
    h('ul', { class: 'cart-lines' }, ...lines),
    h(
      'div',
      { class: 'cart-summary' },
      h(
        'p',
        {},
        `Total (${itemCount(summary.totalQuantity)}) `,
        h('strong', { class: 'price', 'data-testid': 'cart-total' }, formatPrice(summary.total)),
      ),
      h(
        'button',
        { type: 'button', class: 'button primary', 'data-action': 'checkout', 'data-testid': 'checkout-button' },
        'Place order',
      ),
      h('p', { class: 'muted' }, 'This is a demo shop: nothing is charged or shipped.'),
    ),
  );
}

/** The thank-you page after checkout, or a note when there is no recent order. */
export function renderConfirmation(order: Order | undefined): HTMLElement {
  if (!order) {
    return h(
      'section',
      { class: 'view' },
      heading('No recent order'),
      h('p', {}, h('a', { href: '#/' }, 'Continue shopping')),
    );
  }
  return h(
    'section',
    { class: 'view order-confirmation', 'data-testid': 'order-confirmation' },
    heading('Thank you for your order!'),
    h('p', {}, 'Your order number is ', h('strong', { 'data-testid': 'order-id' }, order.orderId), '.'),
    h(
      'ul',
      { class: 'order-lines' },
      ...order.items.map((line) =>
        h('li', {}, `${line.quantity} × ${line.name}`, h('span', { class: 'price' }, formatPrice(line.lineTotal))),
      ),
    ),
    h('p', { class: 'order-total' }, 'Total ', h('strong', { class: 'price' }, formatPrice(order.total))),
    h('p', {}, h('a', { href: '#/' }, 'Continue shopping')),
  );
}

/** Shown for an unknown hash or product id. */
export function renderNotFound(message: string): HTMLElement {
  return h(
    'section',
    { class: 'view' },
    heading('Not found'),
    h('p', {}, message),
    h('p', {}, h('a', { href: '#/' }, 'Back to the shop')),
  );
}
