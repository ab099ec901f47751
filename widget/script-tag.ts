/**
 * The script-tag entry (`dist/webmcp-chat.js`, a classic script), placed in `<head>` without
 * `defer` or `async`, before any script of the page that uses WebMCP:
 *
 * ```html
 * <script src="https://…/webmcp-chat.js" data-client-token="ct_live_…" data-api-url="https://…"></script>
 * ```
 *
 * It is the launcher only: it detects the page's WebMCP at once — installing a polyfill when the
 * browser has none, so page code that runs after it (inline `if (document.modelContext)` checks
 * included) finds `document.modelContext`, and `navigator.modelContext` as an alias — and defines
 * `<webmcp-chat>`. When the document has been parsed it mounts one, unless the page placed its own
 * (detecting again then, for legacy APIs that appear late). The panel is an ES module next to this
 * script, imported on first open.
 */
import { WebmcpChat } from './webmcp-chat.js';
import { prepareWebmcp } from '../bridge/index.js';

/** The panel chunk's file name, fixed at build time (`vite.config.ts`, mode `widget`). */
declare const __WEBMCP_CHAT_PANEL__: string;

const script = document.currentScript as HTMLScriptElement | null;
// At once, before the page's own scripts: installs the polyfill when the browser has no WebMCP, and
// lets the native backend keep the error messages of tools registered from now on.
prepareWebmcp();

// Resolved against this script's own URL, so it works from any origin (the server sends CORS `*`).
const panelUrl = new URL(__WEBMCP_CHAT_PANEL__, script?.src || location.href).href;
WebmcpChat.loadPanel ??= () => import(/* @vite-ignore */ panelUrl);

function mount(): void {
  prepareWebmcp();
  if (!script) return;
  const data = script.dataset;
  const apiUrl = data.apiUrl ?? new URL(script.src, location.href).origin;
  // A page that placed its own element gets no second one; what it left out comes from this tag.
  const own = document.querySelector('webmcp-chat');
  if (own) {
    own.clientToken ||= data.clientToken ?? '';
    own.apiUrl ||= apiUrl;
    return;
  }
  const element = document.createElement('webmcp-chat');
  element.dataset.mountedBy = 'script';
  element.clientToken = data.clientToken ?? '';
  element.apiUrl = apiUrl;
  for (const name of ['mode', 'position', 'theme', 'heading', 'lang', 'persist'] as const) {
    const value = data[name];
    if (value) element.setAttribute(name, value);
  }
  const target = data.target ? document.querySelector(data.target) : null;
  (target ?? document.body).append(element);
}

// Once parsed, so an element the page wrote after this script is seen first.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount, { once: true });
else mount();
