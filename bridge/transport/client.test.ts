import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../protocol/index.js';
import { ChatClient } from './client.js';
import { BridgeError, HttpError, isAbortError } from './errors.js';
import { collect, rejection } from '../test-support/async.js';

interface Recorded {
  url: string;
  init: RequestInit;
}

interface FakeServer {
  fetch: typeof fetch;
  calls: Recorded[];
  /** True once the client cancelled the response body. */
  readonly cancelled: boolean;
}

const encoder = new TextEncoder();

/**
 * A `fetch` that answers with an SSE body made of `chunks` (strings are UTF-8 encoded; byte arrays go
 * through untouched, so a test can split a character). Like the real one, it honours the request's
 * signal: rejecting when already aborted, and erroring the body when aborted mid-stream.
 */
function sseServer(chunks: ReadonlyArray<string | Uint8Array>, options: { hang?: boolean } = {}): FakeServer {
  const calls: Recorded[] = [];
  let cancelled = false;
  const fake = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    const queue = chunks.map((c) => (typeof c === 'string' ? encoder.encode(c) : c));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        signal?.addEventListener('abort', () => controller.error(signal.reason), { once: true });
      },
      pull(controller) {
        const next = queue.shift();
        if (next) controller.enqueue(next);
        else if (!options.hang) controller.close();
        // hang: leave the body open, like a server that stopped talking
      },
      cancel() {
        cancelled = true;
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
  return {
    fetch: fake,
    calls,
    get cancelled() {
      return cancelled;
    },
  };
}

function jsonServer(status: number, body: string, contentType = 'application/json'): FakeServer {
  const calls: Recorded[] = [];
  const fake = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    return new Response(body, { status, headers: { 'content-type': contentType } });
  }) as typeof fetch;
  return { fetch: fake, calls, cancelled: false };
}

function frame(event: StreamEvent): string {
  return `event: ${event.type}\nid: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`;
}

const EVENTS: StreamEvent[] = [
  { type: 'execution_start', executionId: 'exec_1', seq: 1, kind: 'agent', startedAt: '2025-01-01T00:00:00Z' },
  { type: 'text_delta', executionId: 'exec_1', seq: 2, id: 'text_1', delta: 'Grüße 👋 ' },
  { type: 'text_delta', executionId: 'exec_1', seq: 3, id: 'text_1', delta: 'line\r\nbreak' },
  {
    type: 'execution_complete',
    executionId: 'exec_1',
    seq: 4,
    kind: 'agent',
    success: true,
    stopReason: 'end',
    completedAt: '2025-01-01T00:00:01Z',
  },
];
const STREAM_BYTES = encoder.encode(': ping\r\n\r\n' + EVENTS.map(frame).join(': ping\n\n').replace(/\n/g, '\r\n'));

function client(server: FakeServer, apiUrl = 'https://api.example.com/'): ChatClient {
  return new ChatClient({ apiUrl, clientToken: 'ct_test_x', fetch: server.fetch });
}

const CHAT = { sessionId: 'cs_1', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('ChatClient streams', () => {
  it('yields the parsed events in order when every byte arrives in its own chunk', async () => {
    const chunks = [...STREAM_BYTES].map((b) => Uint8Array.of(b));
    expect(await collect(client(sseServer(chunks)).chat(CHAT))).toEqual(EVENTS);
  });

  it('yields the same events for many other splits, including ones inside a UTF-8 character and empty chunks', async () => {
    for (const size of [1, 2, 3, 5, 8, 13, 64, STREAM_BYTES.length]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < STREAM_BYTES.length; i += size)
        chunks.push(STREAM_BYTES.slice(i, i + size), new Uint8Array(0));
      expect(await collect(client(sseServer(chunks)).chat(CHAT)), `chunk size ${size}`).toEqual(EVENTS);
    }
  });

  it('posts JSON to /v1/client/chat with the SSE accept header, without a double slash', async () => {
    const server = sseServer([frame(EVENTS[0]!)]);
    await collect(client(server).chat(CHAT));
    expect(server.calls).toHaveLength(1);
    const { url, init } = server.calls[0]!;
    expect(url).toBe('https://api.example.com/v1/client/chat');
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({ 'content-type': 'application/json', accept: 'text/event-stream' });
    expect(JSON.parse(String(init.body))).toEqual(CHAT);
  });

  it('resumes on /v1/client/resume with the outputs in the body', async () => {
    const server = sseServer([frame(EVENTS[3]!)]);
    const resume = {
      sessionId: 'cs_1',
      executionId: 'exec_1',
      streamResponse: true,
      toolOutputs: { call_1: { content: [{ type: 'text', text: 'ok' }] } },
    };
    expect(await collect(client(server).resume(resume))).toEqual([EVENTS[3]]);
    expect(server.calls[0]!.url).toBe('https://api.example.com/v1/client/resume');
    expect(JSON.parse(String(server.calls[0]!.init.body))).toEqual(resume);
  });

  it('skips frames that are valid JSON but not stream events', async () => {
    const server = sseServer(['data: {"hello":1}\n\n', 'data: [1,2]\n\n', frame(EVENTS[0]!)]);
    expect(await collect(client(server).chat(CHAT))).toEqual([EVENTS[0]]);
  });

  it('drops an unterminated last frame', async () => {
    const server = sseServer([frame(EVENTS[0]!), `data: ${JSON.stringify(EVENTS[1])}`]);
    expect(await collect(client(server).chat(CHAT))).toEqual([EVENTS[0]]);
  });

  it('delivers the good frames before a malformed one, then throws stream_malformed', async () => {
    const server = sseServer([frame(EVENTS[0]!) + 'data: {not json\n\n' + frame(EVENTS[1]!)]);
    const seen: StreamEvent[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of client(server).chat(CHAT)) seen.push(event);
      })(),
    );
    expect(seen).toEqual([EVENTS[0]]);
    expect(error).toBeInstanceOf(BridgeError);
    expect((error as BridgeError).code).toBe('stream_malformed');
  });

  it('reports a body that fails mid-stream as stream_interrupted', async () => {
    const fake = (async () => {
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (!sent) {
            sent = true;
            controller.enqueue(encoder.encode(frame(EVENTS[0]!)));
          } else controller.error(new TypeError('terminated'));
        },
      });
      return new Response(body);
    }) as typeof fetch;
    const seen: StreamEvent[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of new ChatClient({ apiUrl: 'https://a.test', clientToken: 't', fetch: fake }).chat(
          CHAT,
        ))
          seen.push(event);
      })(),
    );
    expect(seen).toEqual([EVENTS[0]]);
    expect((error as BridgeError).code).toBe('stream_interrupted');
    expect((error as Error).message).toContain('terminated');
  });

  it('cancels the response body when the consumer stops reading early', async () => {
    const server = sseServer([frame(EVENTS[0]!), frame(EVENTS[1]!)], { hang: true });
    for await (const event of client(server).chat(CHAT)) {
      expect(event).toEqual(EVENTS[0]);
      break;
    }
    expect(server.cancelled).toBe(true);
  });
});

describe('ChatClient errors', () => {
  it('turns a non-2xx answer with {error, hint} into an HttpError carrying status, code and hint', async () => {
    const server = jsonServer(429, JSON.stringify({ error: 'rate_limited', hint: 'Try again in 10 s.' }));
    const error = await rejection(collect(client(server).chat(CHAT)));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toBeInstanceOf(BridgeError);
    const http = error as HttpError;
    expect(http.status).toBe(429);
    expect(http.code).toBe('rate_limited');
    expect(http.hint).toBe('Try again in 10 s.');
    expect(http.message).toBe('429 rate_limited: Try again in 10 s.');
    expect(http.name).toBe('HttpError');
  });

  it('uses http_<status> and no hint when the error body is not JSON', async () => {
    const server = jsonServer(502, '<html><body>Bad gateway</body></html>', 'text/html');
    const error = (await rejection(client(server).init())) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('http_502');
    expect(error.hint).toBeUndefined();
    expect(error.message).toBe('502 http_502');
  });

  it('keeps a code it does not know (a newer server) as the hint, under http_<status>', async () => {
    const bare = (await rejection(
      client(jsonServer(409, JSON.stringify({ error: 'some_new_code' }))).init(),
    )) as HttpError;
    expect([bare.code, bare.hint]).toEqual(['http_409', 'some_new_code']);
    const hinted = (await rejection(
      client(jsonServer(409, JSON.stringify({ error: 'some_new_code', hint: 'Explained.' }))).init(),
    )) as HttpError;
    expect([hinted.code, hinted.hint]).toEqual(['http_409', 'Explained.']);
  });

  it('ignores non-string error and hint fields', async () => {
    const error = (await rejection(
      client(jsonServer(403, JSON.stringify({ error: 42, hint: { x: 1 } }))).init(),
    )) as HttpError;
    expect([error.status, error.code, error.hint]).toEqual([403, 'http_403', undefined]);
  });

  it('turns a network failure into a BridgeError with code network_error', async () => {
    const fake = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const error = await rejection(
      collect(new ChatClient({ apiUrl: 'https://down.test', clientToken: 't', fetch: fake }).chat(CHAT)),
    );
    expect(error).toBeInstanceOf(BridgeError);
    expect(error).not.toBeInstanceOf(HttpError);
    expect((error as BridgeError).code).toBe('network_error');
    expect((error as Error).message).toContain('https://down.test');
    expect((error as Error).message).toContain('fetch failed');
  });

  it('lets an abort before the response propagate as an AbortError, not a BridgeError', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(collect(client(sseServer([frame(EVENTS[0]!)])).chat(CHAT, controller.signal)));
    expect(isAbortError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(BridgeError);
  });

  it('lets an abort in the middle of a stream propagate as an AbortError, not a BridgeError', async () => {
    const controller = new AbortController();
    const server = sseServer([frame(EVENTS[0]!)], { hang: true });
    const seen: StreamEvent[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of client(server).chat(CHAT, controller.signal)) {
          seen.push(event);
          controller.abort();
        }
      })(),
    );
    expect(seen).toEqual([EVENTS[0]]);
    expect(isAbortError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(BridgeError);
  });

  it('passes the signal to fetch', async () => {
    const controller = new AbortController();
    const server = sseServer([frame(EVENTS[0]!)]);
    await collect(client(server).chat(CHAT, controller.signal));
    expect(server.calls[0]!.init.signal).toBe(controller.signal);
  });
});

describe('ChatClient.init', () => {
  it('posts the token (and a session to reuse) and returns the parsed body', async () => {
    const answer = { sessionId: 'cs_2', expiresAt: '2030-01-01T00:00:00Z', config: { welcomeMessage: 'Hi' } };
    const server = jsonServer(200, JSON.stringify(answer));
    expect(await client(server).init('cs_old')).toEqual(answer);
    expect(server.calls[0]!.url).toBe('https://api.example.com/v1/client/init');
    expect(JSON.parse(String(server.calls[0]!.init.body))).toEqual({ token: 'ct_test_x', sessionId: 'cs_old' });
    await client(server).init();
    expect(JSON.parse(String(server.calls[1]!.init.body))).toEqual({ token: 'ct_test_x' });
  });
});
