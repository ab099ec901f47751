/**
 * Finds the page's WebMCP implementation, in this order: native Chromium (through the native
 * getter on `Document.prototype`, even when a library has overridden `document.modelContext`),
 * an existing polyfill on `document.modelContext`, and finally the bridge's own polyfill.
 */
import { ContextBackend } from './context-backend.js';
import { installPolyfill, isBuiltinContext } from './polyfill.js';
import type { ModelContextLike, WebmcpBackend } from './types.js';

function nativeGetter(): (() => unknown) | undefined {
  const descriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'modelContext');
  const get = descriptor?.get;
  if (!get) return undefined;
  return /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(get)) ? get : undefined;
}

/** Detects (and when needed installs) the WebMCP backend for `doc`. */
export function detectBackend(doc: Document = document): WebmcpBackend {
  // Only a document with a browsing context has a usable native context; reading the native getter
  // on one without (e.g. from createHTMLDocument) crashes Chromium 156's tab when the page navigates.
  const get = doc.defaultView ? nativeGetter() : undefined;
  if (get) {
    const native = get.call(doc) as ModelContextLike | null | undefined;
    if (native) return new ContextBackend('native', native);
  }
  const existing = (doc as Document & { modelContext?: ModelContextLike }).modelContext;
  if (existing && typeof existing.getTools === 'function' && typeof existing.executeTool === 'function') {
    return new ContextBackend(isBuiltinContext(existing) ? 'builtin' : 'polyfill', existing);
  }
  return new ContextBackend('builtin', installPolyfill(doc));
}
