/**
 * The turn loop: `init → chat → (await → execute → resume)* → done`. One `ChatSession` per widget;
 * it owns the session id, the policy learnt from `init`, and the WebMCP backend.
 */
import type { InitResponse, McpToolResult, StreamEvent, StreamEventOf, WebmcpSettings } from '../protocol/index.js';
import { detectBackend, type PageTool, type WebmcpBackend } from '../discovery/index.js';
import { executeCall, errorResult, type ConsentDecision, type ToolCall } from '../execution/index.js';
import { compilePolicy, intersectPolicies, type ToolPolicy } from '../policy/index.js';
import { buildSnapshot, type Snapshot } from '../snapshot/index.js';
import { ChatClient, HttpError, isAbortError } from '../transport/index.js';

export interface SessionOptions {
  apiUrl: string;
  clientToken: string;
  /** Defaults to the detected WebMCP backend of `document`. */
  backend?: WebmcpBackend;
  /** Defaults to `location.origin`. */
  pageOrigin?: string;
  /** Extra rules from the page; they can only narrow what the surface admits. */
  pagePolicy?: WebmcpSettings;
  /** Per-call timeout in ms (default 30 s), or a function of the tool name. */
  timeoutMs?: number | ((toolName: string) => number);
  consent?: (call: ToolCall, tool: PageTool) => Promise<ConsentDecision>;
  fetch?: typeof fetch;
}

/** What the run loop reports while it works, for the UI to render. */
export type RunUpdate =
  | { type: 'event'; event: StreamEvent }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'tools-waiting'; calls: ToolCall[] }
  | { type: 'tool-started'; call: ToolCall; tool: PageTool | undefined }
  | { type: 'tool-finished'; call: ToolCall; result: McpToolResult; durationMs: number };

export interface RunOutcome {
  executionId: string | undefined;
  status: 'completed' | 'failed' | 'stopped';
  error?: { code?: string | undefined; message: string };
}

export interface SendOptions {
  signal?: AbortSignal;
  onUpdate?: (update: RunUpdate) => void;
}

export class ChatSession {
  readonly client: ChatClient;
  readonly backend: WebmcpBackend;
  readonly pageOrigin: string;
  #init: InitResponse | undefined;
  #policy: ToolPolicy = compilePolicy({ enabled: false });
  readonly #options: SessionOptions;

  constructor(options: SessionOptions) {
    this.#options = options;
    this.client = new ChatClient(options.fetch ? { apiUrl: options.apiUrl, clientToken: options.clientToken, fetch: options.fetch } : options);
    this.backend = options.backend ?? detectBackend();
    this.pageOrigin = options.pageOrigin ?? location.origin;
  }

  /** The init response (welcome message, surface rules), once `init()` has run. */
  get config(): InitResponse['config'] | undefined {
    return this.#init?.config;
  }

  get sessionId(): string | undefined {
    return this.#init?.sessionId;
  }

  /** Opens the session; the surface's WebMCP rules become this session's policy. */
  async init(signal?: AbortSignal): Promise<InitResponse> {
    const response = await this.client.init(this.#init?.sessionId, signal);
    this.#init = response;
    const surface = compilePolicy(response.config.webmcp ?? { enabled: false });
    this.#policy = intersectPolicies(surface, this.#options.pagePolicy ? compilePolicy(this.#options.pagePolicy) : undefined);
    return response;
  }

  /** Reads the page's tools now and applies policy and limits. */
  async snapshot(): Promise<Snapshot> {
    const tools = await this.backend.getTools();
    return buildSnapshot(tools, { pageOrigin: this.pageOrigin, policy: this.#policy });
  }

  /** Sends one user message and drives the run to its end, running page tools as the model asks. */
  async send(text: string, options: SendOptions = {}): Promise<RunOutcome> {
    const signal = options.signal ?? new AbortController().signal;
    const report = options.onUpdate ?? (() => undefined);
    if (!this.#init) await this.init(signal);
    let snapshot = await this.snapshot();
    report({ type: 'snapshot', snapshot });
    const request = () => ({
      sessionId: this.#init!.sessionId,
      messages: [{ role: 'user' as const, content: text }],
      clientTools: snapshot.clientTools,
      clientToolsFingerprint: snapshot.fingerprint,
    });
    let stream: AsyncGenerator<StreamEvent>;
    try {
      stream = this.client.chat(request(), signal);
      return await this.#drive(stream, signal, report, (s) => (snapshot = s));
    } catch (error) {
      if (error instanceof HttpError && error.status === 401 && error.code !== 'invalid_client_token') {
        // The session expired: open a new one and send the same message once more.
        this.#init = undefined;
        await this.init(signal);
        return this.#drive(this.client.chat(request(), signal), signal, report, (s) => (snapshot = s));
      }
      if (isAbortError(error)) return { executionId: undefined, status: 'stopped' };
      throw error;
    }
  }

  async #drive(
    first: AsyncGenerator<StreamEvent>,
    signal: AbortSignal,
    report: (update: RunUpdate) => void,
    setSnapshot: (s: Snapshot) => void,
  ): Promise<RunOutcome> {
    let stream = first;
    let executionId: string | undefined;
    for (;;) {
      const awaits: StreamEventOf<'await'>[] = [];
      let outcome: RunOutcome | undefined;
      try {
        for await (const event of stream) {
          executionId = event.executionId;
          report({ type: 'event', event });
          if (event.type === 'await') awaits.push(event);
          else if (event.type === 'execution_complete') outcome = { executionId, status: event.success ? 'completed' : 'failed' };
          else if (event.type === 'execution_error') outcome = { executionId, status: 'failed', error: event.error };
        }
      } catch (error) {
        if (isAbortError(error) && awaits.length === 0) return { executionId, status: 'stopped' };
        if (!isAbortError(error)) throw error;
      }
      if (awaits.length === 0 || !executionId) {
        return outcome ?? { executionId, status: 'failed', error: { code: 'stream_ended', message: 'The stream ended before the run finished.' } };
      }
      const calls: ToolCall[] = awaits.map((a) => ({ toolCallId: a.toolCallId, toolName: a.toolName, parameters: a.parameters }));
      report({ type: 'tools-waiting', calls });
      // Re-read the page's tools: they may have changed since the turn began.
      const snapshot = await this.snapshot();
      setSnapshot(snapshot);
      const outputs = await this.#runCalls(calls, snapshot, signal, report);
      const resumeSignal = signal.aborted ? undefined : signal;
      stream = this.client.resume(
        {
          sessionId: this.#init!.sessionId,
          executionId,
          toolOutputs: outputs,
          streamResponse: true,
          clientTools: snapshot.clientTools,
          clientToolsFingerprint: snapshot.fingerprint,
        },
        resumeSignal,
      );
      if (signal.aborted) {
        // Stopped: the server still gets every output so the run is not left paused; its reply is not shown.
        await drain(stream);
        return { executionId, status: 'stopped' };
      }
    }
  }

  async #runCalls(calls: ToolCall[], snapshot: Snapshot, signal: AbortSignal, report: (u: RunUpdate) => void) {
    const timeout = this.#options.timeoutMs;
    const results = await Promise.all(
      calls.map(async (call) => {
        const tool = snapshot.byName.get(call.toolName);
        report({ type: 'tool-started', call, tool });
        const started = performance.now();
        let result: McpToolResult;
        try {
          result = await executeCall(call, {
            backend: this.backend,
            tools: snapshot.byName,
            policy: this.#policy,
            pageOrigin: this.pageOrigin,
            signal,
            ...(timeout !== undefined ? { timeoutMs: typeof timeout === 'function' ? timeout(call.toolName) : timeout } : {}),
            ...(this.#options.consent ? { consent: this.#options.consent } : {}),
          });
        } catch (error) {
          // executeCall turns failures into results; this guards a throwing consent callback.
          result = errorResult(`The tool ${call.toolName} could not run: ${String((error as Error)?.message ?? error)}`);
        }
        report({ type: 'tool-finished', call, result, durationMs: Math.round(performance.now() - started) });
        return [call.toolCallId, result] as const;
      }),
    );
    return Object.fromEntries(results);
  }
}

async function drain(stream: AsyncGenerator<StreamEvent>): Promise<void> {
  try {
    for await (const _ of stream) {
      // read to the end so the server completes the continuation
    }
  } catch {
    // the continuation of a stopped run is best-effort; the server keeps its own record
  }
}
