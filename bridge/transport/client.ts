/**
 * The HTTP+SSE client for the client-token API: `init`, `chat`, `resume`. Streams are read over
 * `fetch` (POST with a JSON body) and decoded with `SseParser`.
 */
import { ERROR_CODES, isErrorCode } from '../protocol/index.js';
import type {
  ChatRequest,
  ErrorCode,
  HttpStatusCode,
  InitResponse,
  ResumeRequest,
  StreamEvent,
  StreamRequest,
} from '../protocol/index.js';
import { BridgeError, HttpError, isAbortError } from './errors.js';
import { readEventStream } from './event-stream.js';

export interface ClientOptions {
  /** Base URL of the API, e.g. `https://api.example.com` (no trailing `/v1`). */
  apiUrl: string;
  /** The surface's public client token (`ct_live_…` / `ct_test_…`). */
  clientToken: string;
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

export class ChatClient {
  readonly #base: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor(options: ClientOptions) {
    this.#base = options.apiUrl.replace(/\/+$/, '');
    this.#token = options.clientToken;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Opens (or reuses, when `sessionId` is still valid) a session. */
  async init(sessionId?: string, signal?: AbortSignal): Promise<InitResponse> {
    const body: Record<string, string> = { token: this.#token };
    if (sessionId) body.sessionId = sessionId;
    const response = await this.#post('/v1/client/init', body, signal);
    return (await response.json()) as InitResponse;
  }

  /** Sends a turn; yields the stream's events until it ends. */
  chat(request: ChatRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    return this.#stream('/v1/client/chat', request, signal);
  }

  /** Reconnects to an execution: replays its events after `after`, then follows it live. */
  reconnect(request: StreamRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    return this.#stream('/v1/client/stream', request, signal);
  }

  /** Completes paused tool calls; yields the continuation stream. */
  resume(request: ResumeRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    return this.#stream('/v1/client/resume', request, signal);
  }

  async *#stream(path: string, body: unknown, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    yield* readEventStream(await this.#post(path, body, signal, 'text/event-stream'));
  }

  async #post(path: string, body: unknown, signal?: AbortSignal, accept = 'application/json'): Promise<Response> {
    let response: Response;
    try {
      response = await this.#fetch(this.#base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify(body),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new BridgeError(
        ERROR_CODES.networkError,
        `Could not reach ${this.#base}: ${String((error as Error)?.message ?? error)}`,
      );
    }
    if (!response.ok) {
      let code: ErrorCode | HttpStatusCode = `http_${response.status}`;
      let hint: string | undefined;
      try {
        const data = (await response.json()) as { error?: unknown; hint?: unknown };
        if (isErrorCode(data.error)) code = data.error;
        if (typeof data.hint === 'string') hint = data.hint;
        // A code this bridge does not know (a newer server): the status stands in, the code is kept as text.
        else if (typeof data.error === 'string' && !isErrorCode(data.error)) hint = data.error;
      } catch {
        // a non-JSON error body (a proxy's HTML page): the status code is all we can report
      }
      throw new HttpError(response.status, code, hint);
    }
    return response;
  }
}
