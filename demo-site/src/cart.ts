import { findProduct } from './catalog.js';
import { readJson, sessionStore, writeJson, type KeyValueStorage } from './storage.js';

/** Most of one product a cart line may hold. */
export const MAX_LINE_QUANTITY = 99;

/** One line of the cart summary. Money is US dollars rounded to cents. */
export interface CartLine {
  readonly id: string;
  readonly name: string;
  readonly price: number;
  readonly quantity: number;
  readonly lineTotal: number;
}

/** The cart as tools return it and the cart view shows it. */
export interface CartSummary {
  readonly items: readonly CartLine[];
  readonly totalQuantity: number;
  readonly total: number;
}

const STORAGE_KEY = 'mugs-and-more:cart';

/**
 * The shopping cart: product ids and quantities, persisted to storage so a reload keeps it.
 * Listeners run synchronously after every change.
 *
 * @example
 * const stop = cart.subscribe((summary) => (badge.textContent = String(summary.totalQuantity)));
 * cart.add('mug-001', 2);
 */
export class Cart {
  private readonly quantities = new Map<string, number>();
  private readonly listeners = new Set<(summary: CartSummary) => void>();

  constructor(private readonly storage?: KeyValueStorage) {
    this.restore();
  }

  /** Calls `listener` after every change; returns a function that stops it. */
  subscribe(listener: (summary: CartSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many of `productId` the cart holds (0 when none). */
  quantityOf(productId: string): number {
    return this.quantities.get(productId) ?? 0;
  }

  /**
   * Adds `quantity` of a product. Throws for an unknown product, a quantity that is not a whole
   * number from 1 to 99, or a line that would exceed {@link MAX_LINE_QUANTITY}.
   */
  add(productId: string, quantity = 1): void {
    if (!findProduct(productId)) throw new Error(`No product with id "${productId}".`);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
      throw new Error(`Quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}.`);
    }
    const next = this.quantityOf(productId) + quantity;
    if (next > MAX_LINE_QUANTITY) {
      throw new Error(
        `At most ${MAX_LINE_QUANTITY} of one product fit in the cart; it already holds ${this.quantityOf(productId)}.`,
      );
    }
    this.quantities.set(productId, next);
    this.changed();
  }

  /** Sets a line's quantity; 0 removes the line. Unknown products are ignored. */
  setQuantity(productId: string, quantity: number): void {
    if (!findProduct(productId)) return;
    const clamped = Math.min(MAX_LINE_QUANTITY, Math.max(0, Math.trunc(quantity)));
    if (clamped === this.quantityOf(productId)) return;
    if (clamped === 0) this.quantities.delete(productId);
    else this.quantities.set(productId, clamped);
    this.changed();
  }

  /** Removes a product's line; returns whether it was in the cart. */
  remove(productId: string): boolean {
    const had = this.quantities.delete(productId);
    if (had) this.changed();
    return had;
  }

  /** Empties the cart. */
  clear(): void {
    if (this.quantities.size === 0) return;
    this.quantities.clear();
    this.changed();
  }

  /** The cart's lines in the order they were added, with totals. */
  summary(): CartSummary {
    const items: CartLine[] = [];
    let cents = 0;
    let totalQuantity = 0;
    for (const [id, quantity] of this.quantities) {
      const product = findProduct(id);
      if (!product) continue;
      const lineCents = Math.round(product.price * 100) * quantity;
      items.push({ id, name: product.name, price: product.price, quantity, lineTotal: lineCents / 100 });
      cents += lineCents;
      totalQuantity += quantity;
    }
    return { items, totalQuantity, total: cents / 100 };
  }

  private changed(): void {
    writeJson(this.storage, STORAGE_KEY, [...this.quantities]);
    const summary = this.summary();
    for (const listener of this.listeners) listener(summary);
  }

  private restore(): void {
    const saved = readJson(this.storage, STORAGE_KEY);
    if (!Array.isArray(saved)) return;
    for (const entry of saved as unknown[]) {
      // Skip anything a previous version (or a curious user) left that no longer fits.
      if (!Array.isArray(entry)) continue;
      const [id, quantity] = entry as unknown[];
      if (typeof id !== 'string' || !findProduct(id) || typeof quantity !== 'number') continue;
      const clamped = Math.min(MAX_LINE_QUANTITY, Math.trunc(quantity));
      if (clamped >= 1) this.quantities.set(id, clamped);
    }
  }
}

/** The page's cart, kept in this tab's `sessionStorage`. */
export const cart = new Cart(sessionStore());
