/**
 * The demo shop's back-office data: a handful of orders and a shipping price table by postcode
 * zone. Fixed data, so the demo and its tests give the same answers every time.
 */

/** One line of an order. */
export interface OrderItem {
  productId: string;
  name: string;
  quantity: number;
}

/** What `check_order_status` answers for an order. */
export interface OrderStatus {
  orderId: string;
  status: 'processing' | 'shipped' | 'out_for_delivery' | 'delivered' | 'cancelled';
  carrier: string | null;
  eta: string | null;
  items: OrderItem[];
}

/** The orders the demo backend knows: A-1001 … A-1005. */
export const ORDERS: readonly OrderStatus[] = [
  {
    orderId: 'A-1001',
    status: 'shipped',
    carrier: 'DHL',
    eta: '2026-12-08',
    items: [{ productId: 'mug-002', name: 'Speckled Stoneware Mug', quantity: 2 }],
  },
  {
    orderId: 'A-1002',
    status: 'processing',
    carrier: null,
    eta: '2026-12-10',
    items: [{ productId: 'cnd-001', name: 'Soy Wax Candle', quantity: 1 }],
  },
  {
    orderId: 'A-1003',
    status: 'out_for_delivery',
    carrier: 'UPS',
    eta: '2026-12-04',
    items: [
      { productId: 'tee-001', name: 'Coffee Club T-Shirt', quantity: 1 },
      { productId: 'nbk-001', name: 'Dot Grid Notebook', quantity: 3 },
    ],
  },
  {
    orderId: 'A-1004',
    status: 'delivered',
    carrier: 'DPD',
    eta: '2026-11-28',
    items: [{ productId: 'pot-001', name: 'Ceramic Teapot', quantity: 1 }],
  },
  { orderId: 'A-1005', status: 'cancelled', carrier: null, eta: null, items: [] },
];

/** A shipping quote for a postcode. */
export interface ShippingQuote {
  postcode: string;
  zone: string;
  priceCents: number;
  currency: 'USD';
  days: number;
}

// Zones by the first digit of the postcode; more items add a little per item.
const ZONES: ReadonlyArray<{ zone: string; baseCents: number; days: number }> = [
  { zone: 'Z0', baseCents: 495, days: 2 },
  { zone: 'Z1', baseCents: 595, days: 2 },
  { zone: 'Z2', baseCents: 650, days: 3 },
  { zone: 'Z3', baseCents: 695, days: 3 },
  { zone: 'Z4', baseCents: 750, days: 3 },
  { zone: 'Z5', baseCents: 795, days: 4 },
  { zone: 'Z6', baseCents: 850, days: 4 },
  { zone: 'Z7', baseCents: 895, days: 4 },
  { zone: 'Z8', baseCents: 950, days: 5 },
  { zone: 'Z9', baseCents: 995, days: 5 },
];

/** Cents added for each item after the first. */
export const PER_EXTRA_ITEM_CENTS = 100;

/** The quote for `postcode` (3–10 letters, digits, spaces or dashes, starting with a digit), or `undefined`. */
export function quoteFor(postcode: string, items: number): ShippingQuote | undefined {
  const clean = postcode.trim().toUpperCase();
  if (!/^[0-9][0-9A-Z -]{2,9}$/.test(clean)) return undefined;
  const zone = ZONES[Number(clean[0])]!;
  const extra = Math.max(0, items - 1) * PER_EXTRA_ITEM_CENTS;
  return { postcode: clean, zone: zone.zone, priceCents: zone.baseCents + extra, currency: 'USD', days: zone.days };
}

/** The order with this number, or `undefined`. */
export function orderById(orderId: string): OrderStatus | undefined {
  return ORDERS.find((order) => order.orderId === orderId.trim().toUpperCase());
}
