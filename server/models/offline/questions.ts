/**
 * Ordinary shopper questions with the call the offline model should make for each (tool and
 * arguments, several for parallel calls) or `none` when no tool fits. The question tests run them
 * against the demo storefront's tools and a bookshop's.
 */

/** A string argument judged by its words: every listed word present, nothing else beyond `extra`. */
export interface WordsMatcher {
  words: string[];
  /** How many further words are tolerated (default 0). */
  extra?: number;
}

/** One expected call: the tool's bare name and the arguments (exact values or word matchers). */
export interface ExpectedCall {
  tool: string;
  args: Record<string, unknown>;
}

/** A question, and what should happen in the model's first step. */
export interface Question {
  text: string;
  expect: ExpectedCall[] | 'none';
}

/** A `WordsMatcher` for a search query. */
export function query(...words: string[]): WordsMatcher {
  return { words };
}

const call = (tool: string, args: Record<string, unknown> = {}): ExpectedCall[] => [{ tool, args }];

/** Questions for the demo storefront (page tools + shipping, order status and tax server tools). */
export const SHOP_QUESTIONS: Question[] = [
  { text: 'do you have any mugs?', expect: call('search_products', { query: query('mug') }) },
  { text: 'how much is my total?', expect: call('get_cart') },
  { text: "what's in my basket", expect: call('get_cart') },
  { text: 'show me my cart', expect: call('get_cart') },
  // a name, not an id: the search comes first, add_to_cart follows with its result
  {
    text: 'add the speckled stoneware mug to my cart',
    expect: call('search_products', { query: query('speckled', 'stoneware', 'mug') }),
  },
  {
    text: 'add two of the speckled mug to my cart',
    expect: call('search_products', { query: query('speckled', 'mug') }),
  },
  { text: "what's the cheapest candle?", expect: call('search_products', { query: query('candle') }) },
  // an empty result for "warm hat" is retried as "hat" (see understand.test.ts)
  { text: 'I need a warm hat for winter', expect: call('search_products', { query: query('warm', 'hat') }) },
  { text: 'where is my order A-1001?', expect: call('check_order_status', { orderId: 'A-1001' }) },
  {
    text: 'what would shipping to 10115 cost for my cart?',
    expect: [
      { tool: 'get_shipping_quote', args: { postcode: '10115' } },
      { tool: 'get_cart', args: {} },
    ],
  },
  { text: 'find me a mug', expect: call('search_products', { query: query('mug') }) },
  { text: 'mugs under $20', expect: call('search_products', { query: query('mug'), maxPrice: 20 }) },
  {
    text: 'any candles less than 15 euros?',
    expect: call('search_products', { query: query('candle'), maxPrice: 15 }),
  },
  {
    text: 'show me kitchen stuff under 10 dollars',
    expect: call('search_products', { query: '', category: 'kitchen', maxPrice: 10 }),
  },
  { text: 'do you sell notebooks', expect: call('search_products', { query: query('notebook') }) },
  { text: 'looking for a teapot', expect: call('search_products', { query: query('teapot') }) },
  { text: 'have you got any tote bags?', expect: call('search_products', { query: query('tote', 'bag') }) },
  { text: 'search for pens', expect: call('search_products', { query: query('pen') }) },
  { text: 'I want a t-shirt', expect: call('search_products', { query: query('t-shirt') }) },
  { text: 'tell me about mug-002', expect: call('get_product', { productId: 'mug-002' }) },
  { text: 'more details on cnd-001 please', expect: call('get_product', { productId: 'cnd-001' }) },
  { text: 'add mug-001 to my cart', expect: call('add_to_cart', { productId: 'mug-001' }) },
  { text: 'put 3 of hat-001 in my basket', expect: call('add_to_cart', { productId: 'hat-001', quantity: 3 }) },
  { text: 'remove mug-001 from my cart', expect: call('remove_from_cart', { productId: 'mug-001' }) },
  { text: 'delete pen-001 from the basket', expect: call('remove_from_cart', { productId: 'pen-001' }) },
  { text: 'I want to check out', expect: call('checkout') },
  { text: "I'm ready to pay", expect: call('checkout') },
  { text: 'what does this page say?', expect: call('read_page') },
  { text: 'read the page to me', expect: call('read_page') },
  { text: 'track order A-2042', expect: call('check_order_status', { orderId: 'A-2042' }) },
  { text: 'has my order a-1001 shipped yet', expect: call('check_order_status', { orderId: 'A-1001' }) },
  { text: 'how much is shipping to 75001?', expect: call('get_shipping_quote', { postcode: '75001' }) },
  { text: 'delivery time to postcode 10115', expect: call('get_shipping_quote', { postcode: '10115' }) },
  { text: 'estimate the tax on $45', expect: call('estimate_tax', { amount: 45 }) },
  { text: 'what is the sales tax for 120 dollars', expect: call('estimate_tax', { amount: 120 }) },
  { text: 'how many items are in my cart?', expect: call('get_cart') },
  { text: 'cheapest mug you have', expect: call('search_products', { query: query('mug') }) },
  { text: 'show me apparel', expect: call('search_products', { query: '', category: 'apparel' }) },
  {
    text: 'stationery under 5 dollars',
    expect: call('search_products', { query: '', category: 'stationery', maxPrice: 5 }),
  },
  { text: 'do you have candles?', expect: call('search_products', { query: query('candle') }) },
  { text: 'show me everything under 15', expect: call('search_products', { query: '', maxPrice: 15 }) },
  { text: "I'd like 2 white mugs please", expect: call('search_products', { query: query('white', 'mug') }) },
  {
    text: 'show me the speckled stoneware mug',
    expect: call('highlight_product', { product: 'speckled stoneware mug' }),
  },
  { text: 'highlight the teapot', expect: call('highlight_product', { product: 'teapot' }) },
  { text: 'please highlight mug-002', expect: call('highlight_product', { product: 'mug-002' }) },
  { text: 'hello', expect: 'none' },
  { text: 'thanks!', expect: 'none' },
  { text: 'tell me a joke', expect: 'none' },
  { text: "what's the weather in Berlin?", expect: 'none' },
  { text: 'who are you?', expect: 'none' },
  { text: 'how are you today?', expect: 'none' },
];

/** Questions for a bookshop whose tools and results look nothing like the storefront's. */
export const BOOK_QUESTIONS: Question[] = [
  { text: 'do you have any books by Tolkien?', expect: call('find_books', { keywords: query('tolkien') }) },
  {
    text: 'find paperbacks about gardening',
    expect: call('find_books', { keywords: query('gardening'), format: 'paperback' }),
  },
  { text: 'cookbooks under $20', expect: call('find_books', { keywords: query('cookbook'), maxPriceCents: 2000 }) },
  { text: 'tell me more about isbn 9780261103252', expect: call('book_details', { isbn: '9780261103252' }) },
  { text: 'reserve 2 copies of 9780261103252', expect: call('reserve_copy', { isbn: '9780261103252', copies: 2 }) },
  { text: 'what have I reserved?', expect: call('list_reservations') },
  { text: 'are you open on sunday?', expect: call('store_hours', { day: 'sunday' }) },
  { text: 'reserve the hobbit for me', expect: call('find_books', { keywords: query('hobbit') }) },
  { text: 'good morning', expect: 'none' },
  { text: "what's the capital of France?", expect: 'none' },
];
