/**
 * A read-only backend over the older, imperative `navigator.modelContext` (Chrome 146's early
 * preview, `@mcp-b/global` before 5): `provideContext({tools})`, `registerTool(tool)` (returning
 * nothing, a promise, or `{unregister}`), `unregisterTool(name)`, `clearContext()`, and no
 * `getTools`. When the object also lists and executes (`listTools()` / `executeTool(name, args)`,
 * as `@mcp-b/global` did) those are used; otherwise the adapter watches the registrations and
 * calls each tool's `execute` itself. Watching starts when the adapter is created: tools
 * registered before that are not seen, which is why the widget detects early and again on
 * `DOMContentLoaded`.
 */
import type { ToolOutcome } from '../protocol/index.js';
import { EncodingLatch } from './input-encoding.js';
import {
  fromExecuteResult,
  raceAbort,
  registeredTools,
  serializeToolValue,
  toPageTool,
  unwrapToolError,
} from './normalize.js';
import type { PageTool, RegisteredToolLike, WebmcpBackend } from './types.js';

type Method = (...args: unknown[]) => unknown;

export interface LegacyModelContextLike {
  registerTool?(tool: unknown, ...rest: unknown[]): unknown;
  unregisterTool?(nameOrTool: unknown): unknown;
  provideContext?(context?: { tools?: unknown }): unknown;
  clearContext?(): unknown;
  listTools?(): unknown;
  executeTool?(toolName: string, input: unknown, options?: { signal?: AbortSignal }): unknown;
  addEventListener?(type: string, listener: () => void): void;
  removeEventListener?(type: string, listener: () => void): void;
}

/** A tool as the page handed it to the old API. */
interface LegacyTool extends RegisteredToolLike {
  execute(input: Record<string, unknown>, client: LegacyClient): unknown;
}

/** The second argument the old API passed to `execute` (a `ModelContextClient`). */
interface LegacyClient {
  readonly signal: AbortSignal;
  requestUserInteraction(callback: () => unknown): Promise<unknown>;
}

/** True when `value` looks like the old imperative API (it can take registrations). */
export function isLegacyModelContext(value: unknown): value is LegacyModelContextLike {
  const candidate = value as LegacyModelContextLike | null | undefined;
  return (
    !!candidate && (typeof candidate.registerTool === 'function' || typeof candidate.provideContext === 'function')
  );
}

export class LegacyContextBackend implements WebmcpBackend {
  readonly kind = 'legacy' as const;
  readonly #latch = new EncodingLatch();
  /** `provideContext` tools, replaced as a whole. */
  #provided = new Map<string, LegacyTool>();
  /** `registerTool` tools. */
  readonly #registered = new Map<string, LegacyTool>();
  readonly #listeners = new Set<() => void>();

  constructor(private readonly context: LegacyModelContextLike) {
    this.#observe();
  }

  /** True when the object lists and executes tools itself. */
  get #lists(): boolean {
    return typeof this.context.listTools === 'function' && typeof this.context.executeTool === 'function';
  }

  async getTools(): Promise<PageTool[]> {
    const tools = this.#lists
      ? registeredTools(await this.context.listTools!()).map((tool) => toPageTool(tool, tool.name))
      : [...this.#provided.values(), ...this.#registered.values()].map((tool) => toPageTool(tool));
    return tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async execute(tool: PageTool, input: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome | null> {
    signal.throwIfAborted();
    try {
      if (this.#lists) {
        const run = this.#latch.run(
          (encoding) =>
            new Promise<unknown>((resolve) =>
              resolve(
                this.context.executeTool!(tool.name, encoding === 'object' ? input : JSON.stringify(input), { signal }),
              ),
            ),
          signal,
        );
        return fromExecuteResult(await raceAbort(run, signal));
      }
      const definition = tool.handle as LegacyTool;
      if (this.#current(tool.name) !== definition)
        throw new DOMException(`Tool not found: ${tool.name}`, 'UnknownError');
      const client: LegacyClient = { signal, requestUserInteraction: (callback) => Promise.resolve().then(callback) };
      const value = await raceAbort(
        new Promise<unknown>((resolve) => resolve(definition.execute(input, client))),
        signal,
      );
      return serializeToolValue(value);
    } catch (error) {
      throw signal.aborted ? error : unwrapToolError(error);
    }
  }

  subscribe(onChange: () => void): () => void {
    this.#listeners.add(onChange);
    const { context } = this;
    // Some builds of the old API fire `toolchange` themselves (e.g. for tools from iframes).
    context.addEventListener?.('toolchange', onChange);
    return () => {
      this.#listeners.delete(onChange);
      context.removeEventListener?.('toolchange', onChange);
    };
  }

  #current(name: string): LegacyTool | undefined {
    return this.#registered.get(name) ?? this.#provided.get(name);
  }

  #changed(): void {
    // After the page's call returns, like the asynchronous `toolchange` of the current API.
    queueMicrotask(() => {
      for (const listener of [...this.#listeners]) listener();
    });
  }

  /** Wraps the registration methods (own properties shadowing the originals) to see every change. */
  #observe(): void {
    this.#wrap('registerTool', (original, args) => {
      const [tool, options] = args;
      const result = original(...args);
      const record = (value: unknown) => {
        if (!isLegacyTool(tool)) return value;
        this.#registered.set(tool.name, tool);
        const signal = (options as { signal?: unknown } | undefined)?.signal;
        if (signal instanceof AbortSignal) signal.addEventListener('abort', () => this.#forget(tool), { once: true });
        this.#changed();
        return this.#wrapRegistration(value, tool);
      };
      return isThenable(result) ? Promise.resolve(result).then(record) : record(result);
    });
    this.#wrap('unregisterTool', (original, args) => {
      const result = original(...args);
      const [nameOrTool] = args;
      const name = typeof nameOrTool === 'string' ? nameOrTool : (nameOrTool as { name?: unknown } | null)?.name;
      if (typeof name === 'string' && this.#registered.delete(name)) this.#changed();
      else if (typeof name === 'string' && this.#provided.delete(name)) this.#changed();
      return result;
    });
    this.#wrap('provideContext', (original, args) => {
      const result = original(...args);
      const tools = (args[0] as { tools?: unknown } | undefined)?.tools;
      // Chrome's provideContext replaced every tool, its own registrations included.
      this.#registered.clear();
      this.#provided = new Map(
        (Array.isArray(tools) ? tools : []).filter(isLegacyTool).map((tool) => [tool.name, tool]),
      );
      this.#changed();
      return result;
    });
    this.#wrap('clearContext', (original, args) => {
      const result = original(...args);
      this.#provided.clear();
      this.#registered.clear();
      this.#changed();
      return result;
    });
  }

  #wrap(name: keyof LegacyModelContextLike, replacement: (original: Method, args: unknown[]) => unknown): void {
    const original = this.context[name];
    if (typeof original !== 'function') return;
    const context = this.context;
    try {
      Object.defineProperty(context, name, {
        configurable: true,
        writable: true,
        value: function (this: unknown, ...args: unknown[]) {
          return replacement((...a: unknown[]) => (original as Method).apply(this ?? context, a), args);
        },
      });
    } catch {
      // a frozen object: registrations through it stay invisible to the bridge
    }
  }

  #forget(tool: LegacyTool): void {
    if (this.#registered.get(tool.name) === tool) {
      this.#registered.delete(tool.name);
      this.#changed();
    }
  }

  /** `@mcp-b/global` returned `{unregister}`: wrap it so the bridge sees the removal. */
  #wrapRegistration(value: unknown, tool: LegacyTool): unknown {
    const registration = value as { unregister?: unknown } | null | undefined;
    const unregister = registration?.unregister;
    if (typeof unregister !== 'function') return value;
    try {
      (registration as { unregister: Method }).unregister = (...args: unknown[]) => {
        const result = (unregister as Method).apply(registration, args);
        this.#forget(tool);
        return result;
      };
    } catch {
      // a frozen registration object: the removal is seen at the next provideContext/clearContext
    }
    return value;
  }
}

function isLegacyTool(value: unknown): value is LegacyTool {
  const tool = value as Partial<LegacyTool> | null | undefined;
  return (
    !!tool &&
    typeof tool === 'object' &&
    typeof tool.name === 'string' &&
    tool.name !== '' &&
    typeof tool.execute === 'function'
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
