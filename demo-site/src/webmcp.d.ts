/**
 * The slice of WebMCP (`document.modelContext`, current draft) that the demo storefront uses.
 *
 * Deliberately local and prefixed with `Shop`/`Like` so it never clashes with a global
 * `ModelContext` declared by the DOM lib, a polyfill's typings or the bridge.
 * Import with `import type { … } from './webmcp.js'`.
 */

/** Hints a page gives the agent about a tool's effects. */
export interface ShopToolAnnotations {
  /** The tool only reads; it changes nothing the user would care about. */
  readonly readOnlyHint?: boolean;
  /** The tool has effects the user should confirm first (e.g. placing an order). */
  readonly consequentialHint?: boolean;
  /** The tool returns content the page does not vouch for. */
  readonly untrustedContentHint?: boolean;
}

/** The second argument WebMCP passes to `execute`. */
export interface ShopToolClient {
  /** Aborted when the agent cancels the call. */
  readonly signal?: AbortSignal;
}

/** A tool as passed to `registerTool`. */
export interface ShopToolDefinition {
  readonly name: string;
  readonly title?: string;
  readonly description: string;
  /** A JSON Schema object describing the single input object. */
  readonly inputSchema?: object;
  readonly annotations?: ShopToolAnnotations;
  /** Runs the tool; the result must be JSON-serializable (or a string). */
  execute(input: unknown, client?: ShopToolClient): unknown;
}

/** Options for `registerTool`; aborting `signal` unregisters the tool. */
export interface ShopToolRegistrationOptions {
  readonly signal?: AbortSignal;
}

/** A registered tool as `getTools()` reports it (native adds `origin` and `window`). */
export interface RegisteredToolLike {
  readonly name: string;
  readonly title?: string;
  readonly description: string;
  readonly inputSchema?: object | string;
  readonly annotations?: ShopToolAnnotations;
}

/**
 * What `document.modelContext` offers, whether native Chromium, a polyfill or ours.
 * Native `registerTool` returns a promise that rejects on a duplicate or invalid name; some
 * polyfills return nothing and throw synchronously instead.
 */
export interface ModelContextLike extends EventTarget {
  registerTool(tool: ShopToolDefinition, options?: ShopToolRegistrationOptions): Promise<void> | void;
  getTools?(): Promise<readonly RegisteredToolLike[]> | readonly RegisteredToolLike[];
}
