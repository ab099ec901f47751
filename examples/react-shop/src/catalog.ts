/** The shop's products: what the page's `search_products` tool searches. */
export interface Product {
  id: string;
  name: string;
  priceCents: number;
}

export const CATALOG: readonly Product[] = [
  { id: 'mug-001', name: 'Enamel camping mug', priceCents: 1400 },
  { id: 'mug-002', name: 'Stoneware coffee mug', priceCents: 1800 },
  { id: 'tee-001', name: 'Organic cotton T-shirt', priceCents: 2500 },
];

/** Products whose name contains every word of `query` (case-insensitive). */
export function search(query: string): Product[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return CATALOG.filter((p) => words.every((w) => p.name.toLowerCase().includes(w)));
}
