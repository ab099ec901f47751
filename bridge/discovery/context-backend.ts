/**
 * Adapts a `document.modelContext`-shaped object (native, a third-party polyfill or ours) to the
 * bridge's `WebmcpBackend`, absorbing the known differences: `inputSchema` as object or string,
 * and `executeTool` wanting an object (native) or a JSON string (older builds, some polyfills).
 */
import type { BackendKind, ModelContextLike, PageTool, RegisteredToolLike, WebmcpBackend } from './types.js';

type InputEncoding = 'object' | 'string';

/** Errors that mean "I wanted the other input encoding". */
const OBJECT_WANTED = /invalid input object|not an object/i;
const STRING_WANTED = /pars|json|string/i;

export class ContextBackend implements WebmcpBackend {
  #encoding: InputEncoding | undefined;

  constructor(
    readonly kind: BackendKind,
    private readonly context: ModelContextLike,
  ) {}

  async getTools(): Promise<PageTool[]> {
    const tools = await this.context.getTools();
    return tools.map(toPageTool);
  }

  async execute(tool: PageTool, input: Record<string, unknown>, signal: AbortSignal): Promise<string | null> {
    const handle = tool.handle as RegisteredToolLike;
    const first: InputEncoding = this.#encoding ?? 'object';
    try {
      const result = await this.#call(handle, input, first, signal);
      this.#encoding = first;
      return result;
    } catch (error) {
      if (this.#encoding !== undefined || signal.aborted) throw error;
      const message = String((error as Error)?.message ?? '');
      const other: InputEncoding = first === 'object' ? 'string' : 'object';
      const wantsOther = other === 'string' ? STRING_WANTED.test(message) && !OBJECT_WANTED.test(message) : OBJECT_WANTED.test(message);
      if (!wantsOther) throw error;
      // Retry once with the other encoding, then remember it for every later call.
      let result: string | null;
      try {
        result = await this.#call(handle, input, other, signal);
      } catch (retryError) {
        // The context refused the other encoding too, so the first encoding was right and the first
        // error was the tool's own (e.g. "could not parse the date"): report that one, not ours.
        const refused = String((retryError as Error)?.message ?? '');
        if (other === 'string' ? OBJECT_WANTED.test(refused) : STRING_WANTED.test(refused) && !OBJECT_WANTED.test(refused)) {
          this.#encoding = first;
          throw error;
        }
        throw retryError;
      }
      this.#encoding = other;
      return result;
    }
  }

  subscribe(onChange: () => void): () => void {
    this.context.addEventListener('toolchange', onChange);
    return () => this.context.removeEventListener('toolchange', onChange);
  }

  /** The encoding learnt so far, for diagnostics and tests. */
  get inputEncoding(): InputEncoding | undefined {
    return this.#encoding;
  }

  #call(tool: RegisteredToolLike, input: Record<string, unknown>, encoding: InputEncoding, signal: AbortSignal) {
    return this.context.executeTool(tool, encoding === 'object' ? input : JSON.stringify(input), { signal });
  }
}

function toPageTool(tool: RegisteredToolLike): PageTool {
  let inputSchema: Record<string, unknown> | undefined;
  let schemaUnparseable = false;
  const raw = tool.inputSchema;
  if (typeof raw === 'string' && raw.trim() !== '') {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) inputSchema = parsed as Record<string, unknown>;
      else schemaUnparseable = true;
    } catch {
      schemaUnparseable = true; // degrade to "an object is required"; the tool stays usable
    }
  } else if (raw && typeof raw === 'object') {
    inputSchema = raw;
  }
  const page: PageTool = {
    name: tool.name,
    description: tool.description ?? '',
    inputSchema,
    schemaUnparseable,
    annotations: { ...(tool.annotations ?? {}) },
    handle: tool,
  };
  if (tool.title) page.title = tool.title;
  return page;
}
