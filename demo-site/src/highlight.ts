/**
 * The demo's client event: when the assistant calls `highlight_product` (a `client_event` tool of
 * the server's config), the widget fires `webmcp-chat-client-event`; the shop scrolls to that
 * product's card and outlines it. The product is named by id or by words of its name.
 */
import { catalog, findProduct, type Product } from './catalog.js';
import { navigate } from './router.js';
import { EMPTY_SEARCH, searchWords } from './search.js';

/** The product `text` names: an exact id, else the name sharing the most words with it. */
export function productNamed(text: string): Product | undefined {
  const byId = findProduct(text.trim().toLowerCase());
  if (byId) return byId;
  const wanted = new Set(searchWords(text));
  let best: Product | undefined;
  let bestScore = 0;
  for (const product of catalog) {
    const score = searchWords(product.name).filter((w) => wanted.has(w)).length;
    if (score > bestScore) [best, bestScore] = [product, score];
  }
  return best;
}

function cardOf(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid="product-card"][data-product-id="${CSS.escape(id)}"]`);
}

/** Scrolls to the product's card (showing the full grid first when it is not on screen) and outlines it. */
export function highlightProduct(text: string): void {
  const product = productNamed(text);
  if (!product) return;
  if (!cardOf(product.id)) navigate({ name: 'home', search: EMPTY_SEARCH });
  const card = cardOf(product.id);
  if (!card) return;
  for (const old of document.querySelectorAll('[data-highlighted]')) old.removeAttribute('data-highlighted');
  card.dataset['highlighted'] = 'true';
  card.scrollIntoView({ behavior: 'smooth', block: 'center' });
}

/** Listens for the assistant's `highlight_product` client events. */
export function listenForHighlights(): void {
  document.addEventListener('webmcp-chat-client-event', (event) => {
    const { name, arguments: args } = event.detail;
    if (name === 'highlight_product' && typeof args['product'] === 'string') highlightProduct(args['product']);
  });
}
