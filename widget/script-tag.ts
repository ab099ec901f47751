/**
 * The script-tag entry (`dist/webmcp-chat.js`):
 *
 * ```html
 * <script src="https://…/webmcp-chat.js" data-client-token="ct_live_…" data-api-url="https://…" defer></script>
 * ```
 *
 * It installs a WebMCP polyfill at once when the browser has none (so page code that runs after
 * it can call `document.modelContext.registerTool`), defines `<webmcp-chat>` and mounts one.
 */
import { installPolyfill } from '../bridge/index.js';
import { WebmcpChat } from './webmcp-chat.js';

const script = document.currentScript as HTMLScriptElement | null;
installPolyfill();

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

export { WebmcpChat };
