import type { Cart, CartLine } from './cart.js';
import { readJson, sessionStore, writeJson, type KeyValueStorage } from './storage.js';

/** A placed (pretend) order. */
export interface Order {
  /** Looks like `MM-7K3Q9D2A`. */
  readonly orderId: string;
  readonly total: number;
  readonly items: readonly CartLine[];
  /** ISO timestamp. */
  readonly placedAt: string;
}

const STORAGE_KEY = 'mugs-and-more:last-order';
const ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * Places an order for everything in `cart`: nothing is charged or shipped, the cart is emptied
 * and the order is remembered so the confirmation view can show it (also after a reload).
 * Throws when the cart is empty.
 */
export function placeOrder(cart: Cart, storage: KeyValueStorage | undefined = sessionStore()): Order {
  const { items, total } = cart.summary();
  if (items.length === 0) throw new Error('The cart is empty; add a product before checking out.');
  const order: Order = { orderId: newOrderId(), total, items, placedAt: new Date().toISOString() };
  writeJson(storage, STORAGE_KEY, order);
  cart.clear();
  return order;
}

/** The order placed most recently in this tab, if any. */
export function lastOrder(storage: KeyValueStorage | undefined = sessionStore()): Order | undefined {
  const saved = readJson(storage, STORAGE_KEY);
  if (typeof saved !== 'object' || saved === null) return undefined;
  const candidate = saved as Partial<Order>;
  return typeof candidate.orderId === 'string' && typeof candidate.total === 'number' && Array.isArray(candidate.items)
    ? (candidate as Order)
    : undefined;
}

function newOrderId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `MM-${Array.from(bytes, (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('')}`;
}
