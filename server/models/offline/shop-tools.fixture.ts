/** A realistic storefront tool list and small stream helpers for the offline model's tests. */
import type { ModelEvent, ModelMessage, ModelRequest, ModelTool } from '../types.js';

function tool(bareName: string, description: string, parameters: Record<string, unknown>): ModelTool {
  return { name: `webmcp__${bareName}`, canonicalName: `webmcp:${bareName}`, bareName, description, parameters };
}

/** search_products, get_product, add_to_cart, get_cart, remove_from_cart, read_page, checkout. */
export const SHOP_TOOLS: ModelTool[] = [
  tool('search_products', 'Search the catalog by keyword, optionally within a category and below a price.', {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'Words to look for in product names' },
      category: { type: 'string', enum: ['kitchen', 'apparel', 'home', 'stationery'] },
      maxPrice: { type: 'number', description: 'Highest price in dollars' },
    },
    required: ['query'],
  }),
  tool('get_product', 'Get the full details of one product.', {
    type: 'object',
    properties: { productId: { type: 'string', description: 'The product id, e.g. mug-001' } },
    required: ['productId'],
  }),
  tool('add_to_cart', 'Add a product to the shopping cart.', {
    type: 'object',
    properties: {
      productId: { type: 'string', description: 'The product id, e.g. mug-001' },
      quantity: { type: 'integer', minimum: 1, description: 'How many to add' },
    },
    required: ['productId'],
  }),
  tool('get_cart', 'Show what is in the cart and the total.', { type: 'object', properties: {} }),
  tool('remove_from_cart', 'Remove a product from the cart.', {
    type: 'object',
    properties: { productId: { type: 'string', description: 'The product id to remove' } },
    required: ['productId'],
  }),
  tool('read_page', 'Read the visible text of the current page.', { type: 'object', properties: {} }),
  tool('checkout', 'Start the checkout for the cart.', { type: 'object', properties: {} }),
];

/** Reads a model stream to the end. */
export async function collectEvents(stream: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** A request with the shop tools and a fresh signal; `messages` may be a single user text. */
export function shopRequest(messages: string | ModelMessage[], signal = new AbortController().signal): ModelRequest {
  const history: ModelMessage[] = typeof messages === 'string' ? [{ role: 'user', content: messages }] : messages;
  return { messages: history, tools: SHOP_TOOLS, signal };
}
