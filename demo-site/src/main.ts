import { mountShop } from './app.js';
import { cart } from './cart.js';
import { listenForHighlights } from './highlight.js';
import { getModelContext } from './model-context.js';
import { registerShopTools } from './tools.js';
import { formatPrice } from './views.js';

// index.html loads the chat widget with a classic script *before* this module, and the
// widget installs a WebMCP polyfill when the browser has none — so `document.modelContext`
// normally exists by now. If it does not (widget blocked or failed to load), check once more
// after `load` in case something installs it late, then tell the user instead of failing.

/** Test and console hooks, on `window.shopDemo`. */
interface ShopDemoHooks {
  /** Unregisters every shop tool (aborts the registration signal). */
  unregisterTools(): void;
  /** Registers the shop tools again after {@link ShopDemoHooks.unregisterTools}. */
  registerTools(): void;
}

const NO_WEBMCP = 'WebMCP is not available; the assistant cannot use this page’s tools.';

const root = document.getElementById('app');
if (!root) throw new Error('index.html must contain <div id="app">.');
const shop = mountShop(root);
listenForHighlights();
const html = document.documentElement;
let registration: AbortController | undefined;

function register(): void {
  const modelContext = getModelContext();
  if (!modelContext || registration) return;
  html.dataset['webmcpTools'] = 'registering';
  const current = registerShopTools(modelContext, {
    // e2e specs wait for data-webmcp-tools="registered" on <html>.
    onSettled: (failed) => {
      if (registration === current) html.dataset['webmcpTools'] = failed.length === 0 ? 'registered' : 'partial';
    },
  });
  registration = current;
}

function registerWhenAvailable(lastTry: boolean): void {
  if (getModelContext()) register();
  else if (lastTry) {
    html.dataset['webmcpTools'] = 'unavailable';
    shop.showNotice(NO_WEBMCP);
  } else addEventListener('load', () => registerWhenAvailable(true), { once: true });
}

const hooks: ShopDemoHooks = {
  unregisterTools() {
    registration?.abort();
    registration = undefined;
    html.dataset['webmcpTools'] = 'unregistered';
  },
  registerTools: register,
};
(window as Window & { shopDemo?: ShopDemoHooks }).shopDemo = hooks;

registerWhenAvailable(document.readyState === 'complete');

/** The checkout's consent prompt shows what will be ordered: the cart lines and the total. */
function describeCheckout(): string {
  const summary = cart.summary();
  const lines = summary.items.map((line) => `${line.quantity} × ${line.name} — ${formatPrice(line.lineTotal)}`);
  return [...lines, `Total: ${formatPrice(summary.total)}`].join('\n');
}

document.addEventListener('webmcp-chat-tool-call', (event) => {
  if (event.detail.name === 'checkout') event.detail.summary = describeCheckout();
});
