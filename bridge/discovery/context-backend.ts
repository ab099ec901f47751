/**
 * Adapts a `document.modelContext`-shaped object (native, a third-party polyfill or ours) to the
 * bridge's `WebmcpBackend`, absorbing the known differences: `inputSchema` as object or string,
 * `executeTool` wanting an object (native) or a JSON string (older builds, MCP-B), results as
 * strings or objects, the tool's message wrapped (MCP-B) or lost (native) in a generic
 * `UnknownError`, and tools that ignore the abort signal.
 */
import type { ToolOutcome } from '../protocol/index.js';
import { EncodingLatch, type InputEncoding } from './input-encoding.js';
import { fromExecuteResult, raceAbort, registeredTools, toPageTool, unwrapToolError } from './normalize.js';
import type { ErrorCapture } from './tool-errors.js';
import type { BackendKind, ModelContextLike, PageTool, RegisteredToolLike, WebmcpBackend } from './types.js';

export interface ContextBackendOptions {
  /** Recovers the messages a native context hides (see `ToolErrorCapture`). */
  errors?: ErrorCapture | undefined;
}

export class ContextBackend implements WebmcpBackend {
  readonly #latch = new EncodingLatch();
  readonly #errors: ErrorCapture | undefined;

  constructor(
    readonly kind: BackendKind,
    private readonly context: ModelContextLike,
    options: ContextBackendOptions = {},
  ) {
    this.#errors = options.errors;
  }

  async getTools(): Promise<PageTool[]> {
    return registeredTools(await this.context.getTools()).map((tool) => toPageTool(tool));
  }

  async execute(tool: PageTool, input: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome | null> {
    signal.throwIfAborted();
    const handle = tool.handle as RegisteredToolLike;
    const since = this.#errors?.mark() ?? 0;
    try {
      const raw = await raceAbort(
        this.#latch.run(
          (encoding) =>
            this.context.executeTool(handle, encoding === 'object' ? input : JSON.stringify(input), { signal }),
          signal,
        ),
        signal,
      );
      return fromExecuteResult(raw);
    } catch (error) {
      if (signal.aborted) throw error;
      throw this.#errors?.take(tool.name, since, error) ?? unwrapToolError(error);
    }
  }

  subscribe(onChange: () => void): () => void {
    this.context.addEventListener('toolchange', onChange);
    return () => this.context.removeEventListener('toolchange', onChange);
  }

  /** The encoding learnt so far, for diagnostics and tests. */
  get inputEncoding(): InputEncoding | undefined {
    return this.#latch.value;
  }
}
