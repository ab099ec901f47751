/**
 * The script-tag entry (`dist/webmcp-chat.js`):
 *
 * ```html
 * <script src="https://…/webmcp-chat.js" data-client-token="ct_live_…" data-api-url="https://…" defer></script>
 * ```
 *
 * It detects the page's WebMCP at once — installing a polyfill when the browser has none, so page
 * code that runs after it can call `document.modelContext.registerTool` — defines `<webmcp-chat>`
 * and mounts one (again detecting on `DOMContentLoaded`, for legacy APIs that appear late).
 */
import { detectBackend } from '../bridge/index.js';
import { WebmcpChat } from './webmcp-chat.js';

const script = document.currentScript as HTMLScriptElement | null;
// At once, before the page's own scripts: installs the polyfill when the browser has no WebMCP, and
// lets the native backend keep the error messages of tools registered from now on.
detectBackend();

function mount(): void {
  if (!script || document.querySelector('webmcp-chat[data-mounted-by="script"]')) return;
  const data = script.dataset;
  const element = document.createElement('webmcp-chat');
  element.dataset.mountedBy = 'script';
  element.clientToken = data.clientToken ?? '';
  element.apiUrl = data.apiUrl ?? new URL(script.src, location.href).origin;
  if (data.mode === 'inline' || data.mode === 'floating') element.mode = data.mode;
  if (data.heading) element.heading = data.heading;
  const target = data.target ? document.querySelector(data.target) : null;
  (target ?? document.body).append(element);
}

if (document.body) mount();
else document.addEventListener('DOMContentLoaded', mount, { once: true });
document.addEventListener('DOMContentLoaded', () => detectBackend(), { once: true });

export { WebmcpChat };
