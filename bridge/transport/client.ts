/**
 * The HTTP+SSE client for the client-token API: `init`, `chat`, `resume`. Streams are read over
 * `fetch` (POST with a JSON body) and decoded with `SseParser`.
 */
import type { ChatRequest, InitResponse, ResumeRequest, StreamEvent, StreamRequest } from '../protocol/index.js';
import { postJson } from './post.js';
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

  #post(path: string, body: unknown, signal?: AbortSignal, accept = 'application/json'): Promise<Response> {
    return postJson(this.#base, path, body, { fetch: this.#fetch, accept, signal });
  }
}
