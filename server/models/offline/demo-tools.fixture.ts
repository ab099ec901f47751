/**
 * The demo storefront's page tools (names, descriptions and schemas as `demo-site/src/tools.ts`
 * registers them) plus the server tools the demo offers, as the offline model receives them.
 */
import type { ModelTool } from '../types.js';

function tool(
  namespace: 'webmcp' | 'http' | 'client_event',
  bareName: string,
  description: string,
  parameters: Record<string, unknown>,
): ModelTool {
  return {
    name: `${namespace}__${bareName}`,
    canonicalName: `${namespace}:${bareName}`,
    bareName,
    description,
    parameters,
  };
}

const productId = { type: 'string', description: 'The product id from search_products, e.g. "mug-001".' };

/** The demo's seven page tools followed by its server tools (three that run there, one client event). */
export const DEMO_TOOLS: ModelTool[] = [
  tool(
    'webmcp',
    'search_products',
    "Search the shop's products by keywords, category and maximum price, and show the results on the page.",
    {
      type: 'object',
      properties: {
        query: {
          type: 'string',
          description:
            'Keywords matched against product names, descriptions and categories, e.g. "white mug". Empty matches everything.',
        },
        category: {
          type: 'string',
          enum: ['kitchen', 'apparel', 'home', 'stationery'],
          description: 'Only products in this category.',
        },
        maxPrice: { type: 'number', minimum: 0, description: 'Only products costing at most this many US dollars.' },
      },
      required: ['query'],
    },
  ),
  tool(
    'webmcp',
    'get_product',
    "Get one product's full details (name, price, category, description) by its id and show its page.",
    { type: 'object', properties: { productId }, required: ['productId'] },
  ),
  tool(
    'webmcp',
    'add_to_cart',
    "Add a product to the shopper's cart by product id, with an optional quantity (default 1).",
    {
      type: 'object',
      properties: {
        productId,
        quantity: { type: 'integer', minimum: 1, maximum: 99, default: 1, description: 'How many to add.' },
      },
      required: ['productId'],
    },
  ),
  tool(
    'webmcp',
    'get_cart',
    "Get the shopper's cart: each item with quantity and price, the item count and the total in US dollars.",
    { type: 'object', properties: {} },
  ),
  tool('webmcp', 'remove_from_cart', "Remove a product (all of its quantity) from the shopper's cart by product id.", {
    type: 'object',
    properties: { productId },
    required: ['productId'],
  }),
  tool('webmcp', 'read_page', 'Read the title, address and visible text of the page the shopper is looking at.', {
    type: 'object',
    properties: {},
  }),
  tool(
    'webmcp',
    'checkout',
    "Place the order for everything in the shopper's cart, empty the cart and show the order confirmation.",
    { type: 'object', properties: {} },
  ),
  tool('http', 'get_shipping_quote', 'Shipping cost and delivery time to a postcode', {
    type: 'object',
    properties: { postcode: { type: 'string' }, items: { type: 'integer' } },
    required: ['postcode'],
  }),
  tool('http', 'check_order_status', 'Status, carrier and delivery estimate of an order by its number', {
    type: 'object',
    properties: { orderId: { type: 'string', pattern: '^A-\\d{4}$' } },
    required: ['orderId'],
  }),
  tool('http', 'estimate_tax', 'Estimate sales tax for an amount', {
    type: 'object',
    properties: { amount: { type: 'number' }, rate: { type: 'number' } },
    required: ['amount'],
  }),
  tool('client_event', 'highlight_product', 'Scroll the page to a product card and outline it', {
    type: 'object',
    properties: {
      product: { type: 'string', maxLength: 100, description: 'The product id (e.g. "mug-002") or its name.' },
    },
    required: ['product'],
  }),
];

/** A bookshop with differently named tools and result shapes, to show nothing is shop-specific. */
export const BOOK_TOOLS: ModelTool[] = [
  tool('webmcp', 'find_books', 'Look up books in the catalogue by title, author or subject.', {
    type: 'object',
    properties: {
      keywords: { type: 'string', description: 'Title, author or subject words' },
      format: { type: 'string', enum: ['hardcover', 'paperback', 'ebook', 'audiobook'] },
      maxPriceCents: { type: 'integer', description: 'Highest price in cents' },
    },
    required: ['keywords'],
  }),
  tool('webmcp', 'book_details', 'Full information about one book: synopsis, pages, rating.', {
    type: 'object',
    properties: { isbn: { type: 'string', description: 'The ISBN of the book' } },
    required: ['isbn'],
  }),
  tool('webmcp', 'reserve_copy', 'Reserve copies of a book for pickup at the store.', {
    type: 'object',
    properties: { isbn: { type: 'string' }, copies: { type: 'integer', minimum: 1 } },
    required: ['isbn'],
  }),
  tool('webmcp', 'list_reservations', 'The books you have reserved and when they can be picked up.', {
    type: 'object',
    properties: {},
  }),
  tool('webmcp', 'store_hours', 'Opening hours of the bookstore for a day of the week.', {
    type: 'object',
    properties: {
      day: { type: 'string', enum: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] },
    },
  }),
];
