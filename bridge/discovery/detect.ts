/**
 * Finds the page's WebMCP implementation, in the order of architecture.md §2:
 * 1. native Chromium, through the native getter on `Document.prototype` (so a library that
 *    overrode `document.modelContext` cannot hide it);
 * 2. a polyfill already on `document.modelContext` (e.g. `@mcp-b/webmcp-polyfill`);
 * 3. the legacy `navigator.modelContextTesting` / `navigator.modelContext` APIs (read-only);
 * 4. otherwise the bridge's own polyfill, installed on `Document.prototype`.
 *
 * Detection is cheap to repeat (the widget does it when it connects and on `DOMContentLoaded`):
 * the same implementation always yields the same backend object, with what it has learnt.
 */
import { ContextBackend } from './context-backend.js';
import { isLegacyModelContext, LegacyContextBackend } from './legacy-context.js';
import { isModelContextTesting, TestingBackend } from './legacy-testing.js';
import { installPolyfill, isBuiltinContext } from './polyfill.js';
import { ToolErrorCapture } from './tool-errors.js';
import type { ModelContextLike, WebmcpBackend } from './types.js';

/** One backend per implementation object, so re-detecting keeps latches and wrappers. */
const backends = new WeakMap<object, WebmcpBackend>();

function cached(key: object, create: () => WebmcpBackend): WebmcpBackend {
  let backend = backends.get(key);
  if (!backend) {
    backend = create();
    backends.set(key, backend);
  }
  return backend;
}

function nativeGetter(): (() => unknown) | undefined {
  if (typeof Document === 'undefined') return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'modelContext');
  const get = descriptor?.get;
  if (!get) return undefined;
  return /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(get)) ? get : undefined;
}

/** True when `value` has the current draft's shape (`getTools` + `executeTool` + `registerTool`). */
function isModernContext(value: unknown): value is ModelContextLike {
  const candidate = value as Partial<ModelContextLike> | null | undefined;
  return (
    !!candidate &&
    typeof candidate.getTools === 'function' &&
    typeof candidate.executeTool === 'function' &&
    typeof candidate.registerTool === 'function' &&
    typeof candidate.addEventListener === 'function'
  );
}

function nativeContext(get: () => unknown, doc: Document): ModelContextLike | undefined {
  try {
    return (get.call(doc) as ModelContextLike | null | undefined) ?? undefined;
  } catch {
    return undefined; // not a real Document (the getter's brand check refused it)
  }
}

/** Detects (and when needed installs) the WebMCP backend for `doc`. Safe to call again. */
export function detectBackend(doc: Document = document): WebmcpBackend {
  // Only a document with a browsing context has a usable native context; reading the native getter
  // on one without (e.g. from createHTMLDocument) crashes Chromium 156's tab when the page navigates.
  const get = doc.defaultView ? nativeGetter() : undefined;
  const native = get ? nativeContext(get, doc) : undefined;
  if (native)
    return cached(native, () => new ContextBackend('native', native, { errors: ToolErrorCapture.install(native) }));

  const existing = (doc as Document & { modelContext?: unknown }).modelContext;
  const ours = isBuiltinContext(existing) ? existing : undefined;
  if (!ours && isModernContext(existing)) return cached(existing, () => new ContextBackend('polyfill', existing));

  // Ours counts as "none" while it is empty: a legacy API that appeared after the bridge installed
  // it (a polyfill script later in the page) is where the page's tools are.
  if (!ours || ours.size === 0) {
    const legacy = detectLegacy(doc.defaultView?.navigator, existing);
    if (legacy) return legacy;
  }
  const context = ours ?? installPolyfill(doc);
  return cached(context, () => new ContextBackend(isBuiltinContext(context) ? 'builtin' : 'polyfill', context));
}

/**
 * The legacy navigator APIs, best first: `modelContextTesting` lists everything (iframes
 * included), a navigator context with the current shape is used as it is, and the old imperative
 * `navigator.modelContext` (or a copy of it a polyfill put on `document`) is watched.
 */
function detectLegacy(nav: Navigator | undefined, documentContext: unknown): WebmcpBackend | undefined {
  const navigatorApis = nav as (Navigator & { modelContextTesting?: unknown; modelContext?: unknown }) | undefined;
  const testing = navigatorApis?.modelContextTesting;
  if (isModelContextTesting(testing)) return cached(testing, () => new TestingBackend(testing));
  for (const context of [navigatorApis?.modelContext, documentContext]) {
    if (!context || isBuiltinContext(context)) continue;
    if (isModernContext(context)) return cached(context, () => new ContextBackend('legacy', context));
    if (isLegacyModelContext(context)) return cached(context, () => new LegacyContextBackend(context));
  }
  return undefined;
}
