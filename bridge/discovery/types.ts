import type { ToolAnnotations, ToolOutcome } from '../protocol/index.js';

/** The `document.modelContext` shape of the current WebMCP draft, as far as the bridge uses it. */
export interface ModelContextLike extends EventTarget {
  registerTool(tool: PageToolDefinition, options?: { signal?: AbortSignal }): Promise<void> | void;
  getTools(options?: { fromOrigins?: string[] }): Promise<RegisteredToolLike[]> | RegisteredToolLike[];
  executeTool(tool: RegisteredToolLike, input: unknown, options?: { signal?: AbortSignal }): Promise<string | null>;
}

/** What a page passes to `registerTool`. */
export interface PageToolDefinition {
  name: string;
  title?: string;
  description: string;
  inputSchema?: Record<string, unknown>;
  execute(input: Record<string, unknown>, options: { signal: AbortSignal }): unknown;
  annotations?: ToolAnnotations;
}

/** What `getTools()` returns: a dictionary, `inputSchema` as an object or (older builds) a JSON string. */
export interface RegisteredToolLike {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: Record<string, unknown> | string | null;
  annotations?: ToolAnnotations;
  origin?: string;
}

/** A page tool as the rest of the bridge sees it, whatever backend it came from. */
export interface PageTool {
  name: string;
  title?: string;
  description: string;
  /** The parsed input schema; `undefined` when the page gave none or it could not be parsed. */
  inputSchema: Record<string, unknown> | undefined;
  /** True when the page sent a schema the bridge could not parse (the tool then takes any object). */
  schemaUnparseable: boolean;
  annotations: ToolAnnotations;
  /** The backend's own handle for `execute`. */
  readonly handle: unknown;
}

/**
 * Where the tools come from: `native` Chromium WebMCP, a third-party `polyfill` on
 * `document.modelContext` (e.g. MCP-B), the bridge's own `builtin` polyfill, or a `legacy`
 * navigator API (`navigator.modelContextTesting` / the old imperative `navigator.modelContext`).
 */
export type BackendKind = 'native' | 'polyfill' | 'builtin' | 'legacy';

/** One source of page tools. */
export interface WebmcpBackend {
  readonly kind: BackendKind;
  getTools(): Promise<PageTool[]>;
  /**
   * Runs a tool; resolves with its outcome (a tool's own MCP `isError` result is `isError: true`,
   * not a rejection), or `null` when the tool navigated the page. Rejects when the tool threw.
   */
  execute(tool: PageTool, input: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome | null>;
  /** Calls `onChange` when the tool list may have changed; returns an unsubscribe function. */
  subscribe(onChange: () => void): () => void;
}
