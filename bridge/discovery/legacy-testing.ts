/**
 * A read-only backend over `navigator.modelContextTesting`, Chromium's testing surface from before
 * `document.modelContext` had `getTools`/`executeTool` (Chrome 146–151; MCP-B's testing shim):
 * `listTools()` → `[{name, description, inputSchema: "<JSON>"}]`, `executeTool(name, "<JSON>",
 * {signal}?)` → `Promise<string | null>`, and a `toolchange` event or, in the oldest builds, a
 * single-slot `registerToolsChangedCallback(cb)`.
 */
import type { ToolOutcome } from '../protocol/index.js';
import { fromExecuteResult, raceAbort, registeredTools, toPageTool, unwrapToolError } from './normalize.js';
import type { PageTool, WebmcpBackend } from './types.js';

export interface ModelContextTestingLike {
  listTools(): unknown;
  executeTool(toolName: string, inputArgsJson: string, options?: { signal?: AbortSignal }): unknown;
  registerToolsChangedCallback?(callback: () => void): void;
  addEventListener?(type: string, listener: () => void): void;
  removeEventListener?(type: string, listener: () => void): void;
}

/** True when `value` has the two methods the adapter needs. */
export function isModelContextTesting(value: unknown): value is ModelContextTestingLike {
  const candidate = value as Partial<ModelContextTestingLike> | null | undefined;
  return !!candidate && typeof candidate.listTools === 'function' && typeof candidate.executeTool === 'function';
}

export class TestingBackend implements WebmcpBackend {
  readonly kind = 'legacy' as const;

  constructor(private readonly testing: ModelContextTestingLike) {}

  async getTools(): Promise<PageTool[]> {
    const tools = registeredTools(await this.testing.listTools());
    // Executing goes by name, so the name is the handle.
    return tools
      .map((tool) => toPageTool(tool, tool.name))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async execute(tool: PageTool, input: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome | null> {
    signal.throwIfAborted();
    try {
      const name = typeof tool.handle === 'string' ? tool.handle : tool.name;
      const pending = new Promise<unknown>((resolve) =>
        resolve(this.testing.executeTool(name, JSON.stringify(input), { signal })),
      );
      return fromExecuteResult(await raceAbort(pending, signal));
    } catch (error) {
      throw signal.aborted ? error : unwrapToolError(error);
    }
  }

  subscribe(onChange: () => void): () => void {
    const { testing } = this;
    if (typeof testing.addEventListener === 'function') {
      testing.addEventListener('toolchange', onChange);
      return () => testing.removeEventListener?.('toolchange', onChange);
    }
    return changedCallbacks(testing).add(onChange);
  }
}

/** One fan-out per testing object: `registerToolsChangedCallback` keeps a single callback. */
const fanOuts = new WeakMap<ModelContextTestingLike, CallbackFanOut>();

function changedCallbacks(testing: ModelContextTestingLike): CallbackFanOut {
  let fanOut = fanOuts.get(testing);
  if (!fanOut) {
    fanOut = new CallbackFanOut(testing);
    fanOuts.set(testing, fanOut);
  }
  return fanOut;
}

/**
 * Takes the single callback slot for the bridge and shares it: a callback the page registers
 * later is chained rather than replacing ours. (One the page registered before cannot be read
 * back; the slot holds ours from then on, and we call the page's later ones too.)
 */
class CallbackFanOut {
  readonly #listeners = new Set<() => void>();
  #page: (() => void) | undefined;
  #installed = false;

  constructor(private readonly testing: ModelContextTestingLike) {}

  add(listener: () => void): () => void {
    this.#listeners.add(listener);
    this.#install();
    return () => this.#listeners.delete(listener);
  }

  #install(): void {
    const register = this.testing.registerToolsChangedCallback;
    if (this.#installed || typeof register !== 'function') return;
    this.#installed = true;
    register.call(this.testing, () => {
      for (const listener of [...this.#listeners, ...(this.#page ? [this.#page] : [])]) {
        try {
          listener();
        } catch (error) {
          queueMicrotask(() => {
            throw error; // reported like any uncaught error, without starving the other listeners
          });
        }
      }
    });
    try {
      Object.defineProperty(this.testing, 'registerToolsChangedCallback', {
        configurable: true,
        writable: true,
        value: (callback: unknown) => {
          this.#page = typeof callback === 'function' ? (callback as () => void) : undefined;
        },
      });
    } catch {
      // a frozen object: the page can still replace our callback; toolchange then goes unnoticed
      // until the next turn re-reads the tools anyway
    }
  }
}
