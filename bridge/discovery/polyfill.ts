/**
 * The bridge's own `document.modelContext`, installed only when the browser has none. It follows
 * the current WebMCP draft: `registerTool` returns a promise and unregisters on abort,
 * `getTools()` is sorted by name, `executeTool` takes an input object, events are `toolchange`,
 * `toolactivated` and `toolcancel`.
 */
import type { ModelContextLike, PageToolDefinition, RegisteredToolLike } from './types.js';

const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;
const INSTALLED = Symbol.for('webmcp-chat.polyfill');

interface Entry {
  definition: PageToolDefinition;
  registered: RegisteredToolLike;
}

export class BuiltinModelContext extends EventTarget implements ModelContextLike {
  readonly #tools = new Map<string, Entry>();

  registerTool(tool: PageToolDefinition, options: { signal?: AbortSignal } = {}): Promise<void> {
    try {
      this.#register(tool, options.signal);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  getTools(): Promise<RegisteredToolLike[]> {
    const tools = [...this.#tools.values()].map((entry) => ({ ...entry.registered }));
    tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return Promise.resolve(tools);
  }

  async executeTool(tool: RegisteredToolLike, input: unknown, options: { signal?: AbortSignal } = {}): Promise<string | null> {
    const entry = this.#tools.get(tool?.name);
    if (!entry) throw new DOMException(`No tool named "${String(tool?.name)}"`, 'NotFoundError');
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new TypeError("Failed to execute 'executeTool': invalid input object: value is not an object");
    }
    const signal = options.signal ?? new AbortController().signal;
    signal.throwIfAborted();
    this.dispatchEvent(toolEvent('toolactivated', entry.definition.name));
    const onAbort = () => this.dispatchEvent(toolEvent('toolcancel', entry.definition.name));
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await Promise.race([
        Promise.resolve(entry.definition.execute.call(entry.definition, input as Record<string, unknown>, { signal })),
        new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
      ]);
      if (result === undefined) return JSON.stringify(null);
      return typeof result === 'string' ? result : JSON.stringify(result);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  #register(tool: PageToolDefinition, signal: AbortSignal | undefined): void {
    if (typeof tool !== 'object' || tool === null) throw new TypeError('registerTool: the tool must be an object');
    if (typeof tool.name !== 'string' || !NAME_PATTERN.test(tool.name)) throw new DOMException('Invalid tool name', 'InvalidStateError');
    if (typeof tool.description !== 'string' || tool.description.length === 0) {
      throw new DOMException('Invalid tool description', 'InvalidStateError');
    }
    if (typeof tool.execute !== 'function') throw new TypeError('registerTool: execute must be a function');
    if (this.#tools.has(tool.name)) throw new DOMException('Duplicate tool name', 'InvalidStateError');
    if (signal?.aborted) return;
    const registered: RegisteredToolLike = {
      name: tool.name,
      title: tool.title ?? '',
      description: tool.description,
      inputSchema: tool.inputSchema ? structuredClone(tool.inputSchema) : { type: 'object', properties: {} },
      annotations: {
        readOnlyHint: !!tool.annotations?.readOnlyHint,
        untrustedContentHint: !!tool.annotations?.untrustedContentHint,
        consequentialHint: !!tool.annotations?.consequentialHint,
        debugging: !!tool.annotations?.debugging,
      },
      origin: location.origin,
    };
    const entry: Entry = { definition: tool, registered };
    this.#tools.set(tool.name, entry);
    signal?.addEventListener(
      'abort',
      () => {
        if (this.#tools.get(tool.name) === entry) {
          this.#tools.delete(tool.name);
          this.#changed();
        }
      },
      { once: true },
    );
    this.#changed();
  }

  #changed(): void {
    // The draft fires toolchange asynchronously, after the registration settles.
    queueMicrotask(() => this.dispatchEvent(new Event('toolchange')));
  }
}

/** A `toolactivated` / `toolcancel` event: native Chromium puts the name on `toolName`; `detail.name` is kept for older listeners. */
function toolEvent(type: 'toolactivated' | 'toolcancel', name: string): Event {
  return Object.assign(new CustomEvent(type, { detail: { name } }), { toolName: name });
}

/**
 * Installs `document.modelContext` as a getter on `Document.prototype` when the browser has none.
 * Never replaces a native or already-installed implementation. Returns the context in use.
 */
export function installPolyfill(doc: Document = document): ModelContextLike {
  const existing = (doc as Document & { modelContext?: ModelContextLike }).modelContext;
  if (existing) return existing;
  const context = new BuiltinModelContext();
  // The page's own document is an HTMLDocument, so compare with `document`, not the prototype.
  Object.defineProperty(doc === globalThis.document ? Document.prototype : doc, 'modelContext', {
    configurable: true,
    enumerable: true,
    get: () => context,
  });
  (context as unknown as Record<symbol, boolean>)[INSTALLED] = true;
  return context;
}

/** True when `context` is the bridge's own polyfill. */
export function isBuiltinContext(context: unknown): context is BuiltinModelContext {
  return context instanceof BuiltinModelContext || !!(context as Record<symbol, unknown> | null)?.[INSTALLED];
}
