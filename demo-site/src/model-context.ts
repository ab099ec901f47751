import type { ModelContextLike } from './webmcp.js';

/**
 * Returns the page's WebMCP `document.modelContext` (native, or the polyfill the chat widget's
 * script installs), or `undefined` when there is none. Reads it without augmenting the global
 * `Document` type, so nothing here can clash with other typings.
 */
export function getModelContext(): ModelContextLike | undefined {
  const candidate = (document as Document & { readonly modelContext?: unknown }).modelContext;
  return isModelContextLike(candidate) ? candidate : undefined;
}

function isModelContextLike(value: unknown): value is ModelContextLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { registerTool?: unknown }).registerTool === 'function'
  );
}
