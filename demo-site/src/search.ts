import type { Category, Product } from './catalog.js';

/** What the grid is showing: the search box, the category buttons and an optional price cap. */
export interface SearchParams {
  /** Free text; empty matches everything. */
  readonly query: string;
  readonly category?: Category;
  /** Inclusive upper bound in USD. */
  readonly maxPrice?: number;
}

/** The grid's starting point: every product. */
export const EMPTY_SEARCH: SearchParams = { query: '' };

// Words that carry no product meaning in "show me some mugs for tea".
const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'any',
  'for',
  'find',
  'i',
  'in',
  'is',
  'me',
  'of',
  'on',
  'or',
  'show',
  'some',
  'the',
  'to',
  'with',
  'want',
  'need',
  'looking',
]);

/**
 * Splits text into lower-case, singular-ish search words: `"Speckled Mugs!"` → `["speckled", "mug"]`.
 * Stop words are dropped so chatty queries still match.
 */
export function searchWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !STOP_WORDS.has(word))
    .map(singular);
}

function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/**
 * Filters `products` by category, maximum price and query words. Every query word must match
 * the start of a word in the product's name, description or category (so "mu" finds mugs while
 * typing); matches are case-insensitive and ignore plurals. Results are ordered by how many words
 * hit the name, then by catalog order. An empty query matches every product.
 *
 * @example
 * searchProducts(catalog, { query: 'white mug', maxPrice: 15 }) // → [Classic White Mug]
 */
export function searchProducts(products: readonly Product[], params: SearchParams): Product[] {
  const words = searchWords(params.query);
  const scored: { product: Product; score: number; index: number }[] = [];
  products.forEach((product, index) => {
    if (params.category !== undefined && product.category !== params.category) return;
    if (params.maxPrice !== undefined && product.price > params.maxPrice) return;
    const nameWords = searchWords(product.name);
    const otherWords = searchWords(`${product.description} ${product.category}`);
    let score = 0;
    for (const word of words) {
      const inName = nameWords.some((candidate) => candidate.startsWith(word));
      if (!inName && !otherWords.some((candidate) => candidate.startsWith(word))) return;
      if (inName) score += 1;
    }
    scored.push({ product, score, index });
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((entry) => entry.product);
}
