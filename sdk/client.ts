/**
 * The API-key client: `dispatch` and `resume` as async iterators of the server's typed stream
 * events, and `runWithLocalTools`, which drives a run whose tools live in this process to its end.
 */
import type { DispatchRequest, DispatchResumeRequest } from '../bridge/protocol/dispatch.js';
import { ERROR_CODES, isErrorCode, type StreamEvent, type StreamEventOf } from '../bridge/protocol/index.js';
import { BridgeError } from '../bridge/transport/errors.js';
import { runLocalCall, snapshotTools, type LocalCall, type LocalTool } from './local-tools.js';
import { post, readEvents, type Transport } from './stream.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The server's base URL, e.g. `https://chat.example.com` (the routes are under `/v1/dispatch`). */
  apiUrl: string;
  /** A key from the server config's `apiKeys`; keep it on the server side, never in a page. */
  apiKey: string;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

/** A stream frame: every type the server's protocol defines (new ones flow through as they are added). */
export type DispatchEvent = StreamEvent;

/** Per-call options. */
export interface RequestOptions {
  signal?: AbortSignal;
}

/** Options of {@link Client.runWithLocalTools}. */
export interface LocalRunOptions extends RequestOptions {
  /** `turn`: the tools are snapshotted once, when the run starts, and used for all of its calls. */
  scope?: 'turn';
  /** Default per-call timeout in ms for tools without their own `timeoutMs` (default 30 000). */
  timeoutMs?: number;
}

/** What {@link Client.runWithLocalTools} returns once the run ends. */
export interface LocalRunResult {
  /** The assistant's text over the whole run, in order. */
  text: string;
  /** Every local call, in the order they finished per pause. */
  calls: LocalCall[];
  executionId: string;
  /** Why the run ended (`end_turn`, `max_steps`, `max_tool_calls`). */
  stopReason: string;
}

/** The run failed on the server (`execution_error`); `code` is the server's. */
export class RunError extends BridgeError {
  override readonly name = 'RunError';
  constructor(
    readonly executionId: string,
    code: string | undefined,
    message: string,
  ) {
    super(isErrorCode(code) ? code : ERROR_CODES.runFailed, message);
  }
}

/** A client of the API-key routes. */
export interface Client {
  /** Starts a run; yields its frames until it ends or pauses (an `await` per call to answer). */
  dispatch(body: DispatchRequest, options?: RequestOptions): AsyncGenerator<DispatchEvent>;
  /** Answers a pause (`toolOutputs` by `toolCallId`); yields the continuation's frames. */
  resume(body: DispatchResumeRequest, options?: RequestOptions): AsyncGenerator<DispatchEvent>;
  /**
   * Runs `request` with `tools` executed here: dispatch → await → run locally → resume, until the run ends.
   *
   * @example
   * const { text } = await client.runWithLocalTools(
   *   { agent: { id: 'shop' }, messages: [{ role: 'user', content: 'Is the blue mug in stock?' }] },
   *   { stock: { description: 'Units in stock for a sku', parametersSchema: { type: 'object',
   *       properties: { sku: { type: 'string' } }, required: ['sku'] }, execute: ({ sku }) => db.stock(sku) } },
   *   { scope: 'turn' },
   * );
   */
  runWithLocalTools(
    request: DispatchRequest,
    tools: Readonly<Record<string, LocalTool>>,
    options?: LocalRunOptions,
  ): Promise<LocalRunResult>;
}

/** Creates a client for a webmcp-chat server's API-key routes. Works wherever `fetch` exists (Node 20+, Deno, Bun). */
export function createClient(options: ClientOptions): Client {
  const transport: Transport = {
    base: options.apiUrl.replace(/\/+$/, ''),
    apiKey: options.apiKey,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
  };
  async function* stream(path: string, body: unknown, signal: AbortSignal | undefined) {
    yield* readEvents(await post(transport, path, body, signal, 'text/event-stream'));
  }
  const client: Client = {
    dispatch: (body, opts = {}) => stream('/v1/dispatch', { ...body, streamResponse: true }, opts.signal),
    resume: (body, opts = {}) => stream('/v1/dispatch/resume', { ...body, streamResponse: true }, opts.signal),
    async runWithLocalTools(request, tools, opts = {}) {
      const { clientTools, validators } = snapshotTools(tools);
      const local = new Set(clientTools.map((t) => t.name));
      const others = (request.clientTools ?? []).filter((t) => !local.has((t as { name?: string }).name ?? ''));
      let events = client.dispatch({ ...request, clientTools: [...others, ...clientTools] }, opts);
      const result: LocalRunResult = { text: '', calls: [], executionId: '', stopReason: '' };
      for (;;) {
        const pending: Array<StreamEventOf<'await'>> = [];
        for await (const event of events) {
          result.executionId = event.executionId;
          if (event.type === 'text_delta') result.text += event.delta;
          else if (event.type === 'await') pending.push(event);
          else if (event.type === 'execution_complete') result.stopReason = event.stopReason;
          else if (event.type === 'execution_error')
            throw new RunError(event.executionId, event.error.code, event.error.message);
        }
        if (pending.length === 0) break;
        // Parallel calls of one pause run at once; a chained call arrives in the next pause.
        const done = await Promise.all(
          pending.map((call) =>
            runLocalCall(call, tools, validators, { timeoutMs: opts.timeoutMs, signal: opts.signal }),
          ),
        );
        result.calls.push(...done.map((d) => d.call));
        events = client.resume(
          {
            executionId: result.executionId,
            toolOutputs: Object.fromEntries(done.map((d) => [d.call.toolCallId, d.output])),
            // Another instance may take the resume; it holds no copy of the run's secrets.
            ...(request.secrets ? { secrets: request.secrets } : {}),
          },
          opts,
        );
      }
      if (!result.stopReason)
        throw new BridgeError(ERROR_CODES.streamEnded, 'The stream ended before the run completed.');
      return result;
    },
  };
  return client;
}
