/**
 * The part of `detectBackend()` that must run the moment the script tag runs, small enough for
 * the widget's launcher (full detection, with every backend adapter, loads with the panel). It
 * leaves the page in the state `detectBackend()` would, and full detection takes over from there:
 * - native WebMCP: wrap its `registerTool` (`ToolErrorCapture`) so tools registered from now on
 *   keep their own error messages;
 * - a polyfill already on `document.modelContext`: nothing to do;
 * - a legacy navigator API: nothing to do (detection uses it, as `detectBackend()` does);
 * - no WebMCP at all: install the bridge's polyfill, so page code can call `registerTool`.
 *
 * Whenever `document.modelContext` exists and `navigator.modelContext` does not, the latter becomes
 * an alias of the former (a getter), so pages written against the older
 * `navigator.modelContext.registerTool` register into the same context. A `navigator.modelContext`
 * the browser or a script provides is never touched.
 */
import { isLegacyModelContext } from './legacy-context.js';
import { isModelContextTesting } from './legacy-testing.js';
import { installPolyfill } from './polyfill.js';
import { ToolErrorCapture } from './tool-errors.js';

export function prepareWebmcp(doc: Document = document): void {
  const get = Object.getOwnPropertyDescriptor(Document.prototype, 'modelContext')?.get;
  if (get && /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(get))) {
    let native: object | null | undefined;
    try {
      native = get.call(doc) as object | null | undefined;
    } catch {
      native = undefined; // not a real Document (the getter's brand check refused it)
    }
    if (native) {
      ToolErrorCapture.install(native);
      aliasNavigator(doc);
      return;
    }
  }
  if ((doc as Document & { modelContext?: unknown }).modelContext) return aliasNavigator(doc);
  const nav = doc.defaultView?.navigator as
    (Navigator & { modelContextTesting?: unknown; modelContext?: unknown }) | undefined;
  if (isModelContextTesting(nav?.modelContextTesting) || isLegacyModelContext(nav?.modelContext)) return;
  installPolyfill(doc);
  aliasNavigator(doc);
}

/** `navigator.modelContext` → `document.modelContext`, when the navigator has none of its own. */
function aliasNavigator(doc: Document): void {
  const nav = doc.defaultView?.navigator;
  if (!nav || 'modelContext' in nav) return;
  Object.defineProperty(nav, 'modelContext', {
    configurable: true,
    enumerable: true,
    get: () => (doc as Document & { modelContext?: unknown }).modelContext,
  });
}
