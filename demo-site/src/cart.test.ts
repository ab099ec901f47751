import { describe, expect, it } from 'vitest';
import { Cart, type CartSummary } from './cart.js';
import type { KeyValueStorage } from './storage.js';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe('Cart', () => {
  it('adds, totals in cents and notifies subscribers', () => {
    const cart = new Cart(memoryStorage());
    const seen: CartSummary[] = [];
    cart.subscribe((summary) => seen.push(summary));
    cart.add('mug-003', 3); // 3 × $9.50
    cart.add('mug-001');
    expect(cart.summary()).toEqual({
      items: [
        { id: 'mug-003', name: 'Midnight Blue Espresso Cup', price: 9.5, quantity: 3, lineTotal: 28.5 },
        { id: 'mug-001', name: 'Classic White Mug', price: 12, quantity: 1, lineTotal: 12 },
      ],
      totalQuantity: 4,
      total: 40.5,
    });
    expect(seen.map((summary) => summary.totalQuantity)).toEqual([3, 4]);
  });

  it('rejects unknown products and bad quantities', () => {
    const cart = new Cart();
    expect(() => cart.add('nope-404')).toThrow(/No product with id/);
    expect(() => cart.add('mug-001', 0)).toThrow(/1 to 99/);
    expect(() => cart.add('mug-001', 1.5)).toThrow(/1 to 99/);
    cart.add('mug-001', 99);
    expect(() => cart.add('mug-001')).toThrow(/already holds 99/);
  });

  it('removes lines and clears', () => {
    const cart = new Cart();
    cart.add('mug-001', 2);
    cart.add('tee-001');
    expect(cart.remove('mug-001')).toBe(true);
    expect(cart.remove('mug-001')).toBe(false);
    cart.setQuantity('tee-001', 0);
    expect(cart.summary().totalQuantity).toBe(0);
  });

  it('survives a reload through storage and ignores junk in it', () => {
    const storage = memoryStorage();
    new Cart(storage).add('mug-002', 2);
    expect(new Cart(storage).summary().totalQuantity).toBe(2);
    storage.data.set('mugs-and-more:cart', JSON.stringify([['mug-002', 1], ['gone-001', 5], 'x', ['mug-001', -3]]));
    expect(new Cart(storage).summary().items.map((line) => [line.id, line.quantity])).toEqual([['mug-002', 1]]);
  });
});
