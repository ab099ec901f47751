/**
 * The bridge's own `document.modelContext`, installed only when the browser has none. It follows
 * the current WebMCP draft and, where the draft is silent, native Chromium 156 (checked by
 * `conformance.browser.test.ts`): `registerTool` resolves after `toolchange` and unregisters on
 * abort, `getTools()` is sorted by name, `executeTool` takes an input object and resolves with the
 * result serialized like Chromium's, events are `toolchange`, `toolactivated` and `toolcancel`.
 * Unlike native Chromium it passes a throwing tool's own error on.
 */
import { serializeLikeChromium } from './normalize.js';
import type { ModelContextLike, PageToolDefinition, RegisteredToolLike } from './types.js';

const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;
const INSTALLED = Symbol.for('webmcp-chat.polyfill');

interface Entry {
  definition: PageToolDefinition;
  registered: RegisteredToolLike;
}

export class BuiltinModelContext extends EventTarget implements ModelContextLike {
  readonly #tools = new Map<string, Entry>();

  /** How many tools are registered (synchronously, unlike `getTools`). */
  get size(): number {
    return this.#tools.size;
  }

  registerTool(tool: PageToolDefinition, options: { signal?: AbortSignal } = {}): Promise<void> {
    try {
      this.#register(tool, options.signal);
    } catch (error) {
      return Promise.reject(error);
    }
    // Like Chromium: the promise settles after the toolchange listeners have run.
    return new Promise<void>((resolve) => queueMicrotask(resolve));
  }

  getTools(): Promise<RegisteredToolLike[]> {
    const tools = [...this.#tools.values()].map((entry) => ({ ...entry.registered }));
    tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return Promise.resolve(tools);
  }

  async executeTool(
    tool: RegisteredToolLike,
    input: unknown,
    options: { signal?: AbortSignal } = {},
  ): Promise<string | null> {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new TypeError("Failed to execute 'executeTool': invalid input object: value is not an object");
    }
    const signal = options.signal ?? new AbortController().signal;
    signal.throwIfAborted();
    const entry = this.#tools.get(tool?.name);
    // Chromium says no more than this for a tool that is not (or no longer) registered.
    if (!entry) throw new DOMException(`Tool not found: ${String(tool?.name)}`, 'UnknownError');
    this.dispatchEvent(toolEvent('toolactivated', entry.definition.name));
    const onAbort = () => this.dispatchEvent(toolEvent('toolcancel', entry.definition.name));
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await Promise.race([
        Promise.resolve(entry.definition.execute.call(entry.definition, input as Record<string, unknown>, { signal })),
        new Promise<never>((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
        ),
      ]);
      return serializeLikeChromium(result);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  #register(tool: PageToolDefinition, signal: AbortSignal | undefined): void {
    if (typeof tool !== 'object' || tool === null) throw new TypeError('registerTool: the tool must be an object');
    // Missing members are TypeErrors (WebIDL "required member"), bad values InvalidStateErrors.
    if (tool.name === undefined) throw new TypeError("registerTool: the tool's name is required");
    if (tool.description === undefined) throw new TypeError("registerTool: the tool's description is required");
    if (typeof tool.execute !== 'function') throw new TypeError('registerTool: execute must be a function');
    const inputSchema = copySchema(tool.inputSchema);
    if (typeof tool.name !== 'string' || !NAME_PATTERN.test(tool.name))
      throw new DOMException('Invalid tool name', 'InvalidStateError');
    if (String(tool.description).length === 0) throw new DOMException('Description is required', 'InvalidStateError');
    if (this.#tools.has(tool.name)) throw new DOMException('Duplicate tool name', 'InvalidStateError');
    signal?.throwIfAborted();
    const registered: RegisteredToolLike = {
      name: tool.name,
      title: tool.title ?? '',
      description: String(tool.description),
      origin: globalThis.location?.origin ?? '',
    };
    // Like Chromium, only what the page gave: no default schema, no annotations made up.
    if (inputSchema) registered.inputSchema = inputSchema;
    if (tool.annotations) {
      registered.annotations = {
        readOnlyHint: !!tool.annotations.readOnlyHint,
        untrustedContentHint: !!tool.annotations.untrustedContentHint,
        consequentialHint: !!tool.annotations.consequentialHint,
        debugging: !!tool.annotations.debugging,
      };
    }
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
    // Asynchronously, but before registerTool's promise settles (as Chromium does).
    queueMicrotask(() => this.dispatchEvent(new Event('toolchange')));
  }
}

/** A copy of the page's schema, refused like Chromium refuses it: not an object, or not JSON. */
function copySchema(schema: unknown): Record<string, unknown> | undefined {
  if (schema === undefined) return undefined;
  if (typeof schema !== 'object' || schema === null) throw new TypeError('registerTool: inputSchema must be an object');
  return JSON.parse(JSON.stringify(schema)) as Record<string, unknown>; // throws a TypeError on cycles
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
