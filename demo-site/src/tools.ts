import { cart, MAX_LINE_QUANTITY, type CartSummary } from './cart.js';
import { CATEGORIES, catalog, findProduct, isCategory, type Product } from './catalog.js';
import { placeOrder } from './orders.js';
import { navigate } from './router.js';
import { searchProducts, type SearchParams } from './search.js';
import type { ModelContextLike, ShopToolDefinition } from './webmcp.js';

/** Most characters of page text `read_page` returns. */
export const READ_PAGE_LIMIT = 4000;

type Input = Readonly<Record<string, unknown>>;

// Nobody validates arguments against `inputSchema` before `execute` (native WebMCP does not),
// so each tool checks what it reads and throws a message a model can act on.

function asInput(input: unknown): Input {
  // Some polyfills hand over the JSON text instead of the parsed object.
  const value: unknown = typeof input === 'string' && input.trim() !== '' ? JSON.parse(input) : input;
  if (value === undefined || value === null || value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('The input must be a JSON object.');
  return value as Input;
}

function requireProduct(input: Input): Product {
  const id = input['productId'];
  if (typeof id !== 'string' || id.trim() === '') throw new Error('productId is required, e.g. "mug-001".');
  const product = findProduct(id.trim());
  if (!product) throw new Error(`No product with id "${id}". Use search_products to find valid ids.`);
  return product;
}

function productSummary(product: Product): { id: string; name: string; price: number; category: string } {
  return { id: product.id, name: product.name, price: product.price, category: product.category };
}

const productIdSchema = {
  type: 'string',
  description: 'The product id from search_products, e.g. "mug-001".',
} as const;

const searchTool: ShopToolDefinition = {
  name: 'search_products',
  title: 'Search products',
  description: "Search the shop's products by keywords, category and maximum price, and show the results on the page.",
  inputSchema: {
    type: 'object',
    properties: {
      query: {
        type: 'string',
        description:
          'Keywords matched against product names, descriptions and categories, e.g. "white mug". Empty matches everything.',
      },
      category: { type: 'string', enum: [...CATEGORIES], description: 'Only products in this category.' },
      maxPrice: { type: 'number', minimum: 0, description: 'Only products costing at most this many US dollars.' },
    },
    required: ['query'],
  },
  annotations: { readOnlyHint: true },
  execute(raw) {
    const input = asInput(raw);
    const { query, category, maxPrice } = input;
    if (typeof query !== 'string') throw new Error('query is required and must be a string.');
    if (category !== undefined && !isCategory(category)) {
      throw new Error(`category must be one of ${CATEGORIES.join(', ')}.`);
    }
    if (maxPrice !== undefined && (typeof maxPrice !== 'number' || !Number.isFinite(maxPrice) || maxPrice < 0)) {
      throw new Error('maxPrice must be a number of US dollars, 0 or more.');
    }
    const search: SearchParams = {
      query: query.trim(),
      ...(category !== undefined ? { category } : {}),
      ...(maxPrice !== undefined ? { maxPrice } : {}),
    };
    // Same search as the page's search box, shown in the grid so the user sees what the model sees.
    navigate({ name: 'home', search });
    const results = searchProducts(catalog, search);
    return { query: search.query, count: results.length, results: results.map(productSummary) };
  },
};

const getProductTool: ShopToolDefinition = {
  name: 'get_product',
  title: 'Get product details',
  description: "Get one product's full details (name, price, category, description) by its id and show its page.",
  inputSchema: { type: 'object', properties: { productId: productIdSchema }, required: ['productId'] },
  annotations: { readOnlyHint: true },
  execute(raw) {
    const product = requireProduct(asInput(raw));
    navigate({ name: 'product', id: product.id });
    return {
      ...productSummary(product),
      description: product.description,
      inCart: cart.quantityOf(product.id),
    };
  },
};

const addToCartTool: ShopToolDefinition = {
  name: 'add_to_cart',
  title: 'Add to cart',
  description: "Add a product to the shopper's cart by product id, with an optional quantity (default 1).",
  inputSchema: {
    type: 'object',
    properties: {
      productId: productIdSchema,
      quantity: {
        type: 'integer',
        minimum: 1,
        maximum: MAX_LINE_QUANTITY,
        default: 1,
        description: 'How many to add.',
      },
    },
    required: ['productId'],
  },
  annotations: { readOnlyHint: false },
  execute(raw) {
    const input = asInput(raw);
    const product = requireProduct(input);
    const quantity = input['quantity'] ?? 1;
    if (typeof quantity !== 'number')
      throw new Error(`quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}.`);
    cart.add(product.id, quantity);
    return { added: { id: product.id, name: product.name, quantity }, cart: cart.summary() };
  },
};

const getCartTool: ShopToolDefinition = {
  name: 'get_cart',
  title: 'Get cart',
  description: "Get the shopper's cart: each item with quantity and price, the item count and the total in US dollars.",
  inputSchema: { type: 'object', properties: {} },
  annotations: { readOnlyHint: true },
  execute(): CartSummary {
    return cart.summary();
  },
};

const removeFromCartTool: ShopToolDefinition = {
  name: 'remove_from_cart',
  title: 'Remove from cart',
  description: "Remove a product (all of its quantity) from the shopper's cart by product id.",
  inputSchema: { type: 'object', properties: { productId: productIdSchema }, required: ['productId'] },
  annotations: { readOnlyHint: false },
  execute(raw) {
    const product = requireProduct(asInput(raw));
    if (!cart.remove(product.id)) throw new Error(`"${product.name}" (${product.id}) is not in the cart.`);
    return { removed: { id: product.id, name: product.name }, cart: cart.summary() };
  },
};

const readPageTool: ShopToolDefinition = {
  name: 'read_page',
  title: 'Read page',
  description: 'Read the title, address and visible text of the page the shopper is looking at.',
  inputSchema: { type: 'object', properties: {} },
  annotations: { readOnlyHint: true },
  execute() {
    const main = document.querySelector<HTMLElement>('main') ?? document.body;
    const text = main.innerText
      .replace(/\n{3,}/g, '\n\n')
      .trim()
      .slice(0, READ_PAGE_LIMIT);
    return { title: document.title, url: location.href, text };
  },
};

const checkoutTool: ShopToolDefinition = {
  name: 'checkout',
  title: 'Check out',
  description: "Place the order for everything in the shopper's cart, empty the cart and show the order confirmation.",
  inputSchema: { type: 'object', properties: {} },
  annotations: { readOnlyHint: false, consequentialHint: true },
  execute() {
    const order = placeOrder(cart);
    navigate({ name: 'order-done' });
    return { orderId: order.orderId, total: order.total, items: order.items };
  },
};

/** The shop's WebMCP tools, in registration order. */
export const shopTools: readonly ShopToolDefinition[] = [
  searchTool,
  getProductTool,
  addToCartTool,
  getCartTool,
  removeFromCartTool,
  readPageTool,
  checkoutTool,
];

/** Options for {@link registerShopTools}. */
export interface RegisterShopToolsOptions {
  /** Called once every registration has settled, with the names that failed to register. */
  readonly onSettled?: (failed: readonly string[]) => void;
}

/**
 * Registers {@link shopTools} on `modelContext` and returns the one `AbortController` that
 * unregisters them all. A tool that fails to register (for example a duplicate name when called
 * twice) is reported on the console; the others still register.
 *
 * @example
 * const registration = registerShopTools(document.modelContext);
 * registration.abort(); // removes every shop tool again
 */
export function registerShopTools(
  modelContext: ModelContextLike,
  { onSettled }: RegisterShopToolsOptions = {},
): AbortController {
  const controller = new AbortController();
  const failed: string[] = [];
  const pending = shopTools.map((tool) => {
    const report = (error: unknown): void => {
      failed.push(tool.name);
      console.warn(`[${tool.name}] could not be registered:`, error);
    };
    try {
      // Native WebMCP returns a promise that rejects; some polyfills throw synchronously.
      return Promise.resolve(modelContext.registerTool(tool, { signal: controller.signal })).catch(report);
    } catch (error) {
      report(error);
      return Promise.resolve();
    }
  });
  if (onSettled) void Promise.all(pending).then(() => onSettled(failed));
  return controller;
}
