import { mkdtempSync, rmSync } from 'node:fs';
import { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventHub } from '../engine/hub.js';
import { streamResponse } from '../routes/stream.js';
import { createApp } from '../app.js';
import { MemoryStore, SqliteStore, type Store } from '../store/index.js';
import { GET_CART, ORIGIN, testConfig } from '../test-helpers.js';
import { SseReader } from '../test-support/sse-reader.js';
import { turn } from '../test-support/streams.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'webmcp-sse-node-'));
  dirs.push(dir);
  return dir;
}

async function listen(app: Hono) {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (path: string, body: unknown) =>
    fetch(base + path, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const close = async () => {
    (server as unknown as { closeAllConnections(): void }).closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { base, post, close };
}

/** `gc()`, exposed for this test process. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** An app whose `POST /follow` streams `hub` with {@link streamResponse}; `opened` has each stream's context and signal. */
function hubApp(hub: EventHub, pingMs: number) {
  const opened: Array<{ context: WeakRef<Context>; signal: Promise<AbortSignal> }> = [];
  const app = new Hono();
  app.post('/follow', (c) => {
    let given!: (signal: AbortSignal) => void;
    opened.push({ context: new WeakRef(c), signal: new Promise((resolve) => (given = resolve)) });
    return streamResponse(
      c,
      (signal) => {
        given(signal);
        return hub.follow(0, signal);
      },
      pingMs,
    );
  });
  return { app, opened };
}

describe('SSE on the Node socket', () => {
  it.each([
    ['memory', (): Store => new MemoryStore()],
    // SQLite commits a turn of the event loop later (group commit).
    ['SQLite', (): Store => new SqliteStore(join(tempDir(), 'store.db'))],
  ] as const)(
    'sends a continuation that ends at once in one socket write with its length (%s store)',
    async (_, open) => {
      const store = open();
      const app = createApp({ config: testConfig(), store });
      const { post, close } = await listen(app);
      try {
        // Several at once, so that the claims, the commits and the responses of different resumes
        // interleave across turns of the event loop as they do under load.
        const paused = await Promise.all(
          Array.from({ length: 6 }, async () => {
            const { sessionId } = (await (await post('/v1/client/init', { token: 'ct_test_demo' })).json()) as {
              sessionId: string;
            };
            const frames = await new SseReader(
              await post('/v1/client/chat', {
                sessionId,
                messages: [{ role: 'user', content: '/tool get_cart {}' }],
                clientTools: [GET_CART],
              }),
            ).rest();
            return { sessionId, awaited: frames.at(-1) as { toolCallId: string; executionId: string } };
          }),
        );
        const writes = vi.spyOn(ServerResponse.prototype, 'write');
        const ends = vi.spyOn(ServerResponse.prototype, 'end');
        const responses = await Promise.all(
          paused.map(({ sessionId, awaited }) =>
            post('/v1/client/resume', {
              sessionId,
              executionId: awaited.executionId,
              toolOutputs: { [awaited.toolCallId]: { content: [{ type: 'text', text: 'two mugs' }] } },
              streamResponse: true,
            }),
          ),
        );
        for (const res of responses) {
          expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
          expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
          expect(res.headers.has('x-hono-already-sent')).toBe(false);
          expect(res.headers.has('transfer-encoding')).toBe(false);
          const body = await res.text();
          expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
          const frames = body.split('\n\n').filter((f) => f.startsWith('event: '));
          expect(frames.at(-1)).toMatch(/^event: execution_complete\n/);
          expect(frames.length).toBeGreaterThanOrEqual(8);
        }
        const withData = [...writes.mock.calls, ...ends.mock.calls].filter(([chunk]) => typeof chunk === 'string');
        // A reader sees a turn's events only when the hub wakes, and a run's end commits before its
        // first frames are written (in the same turn with SQLite's group commit, held for otherwise
        // by EventHub.holding): one write per response.
        expect(withData).toHaveLength(responses.length);
      } finally {
        await close();
        await store.close();
      }
    },
  );

  it('lets go of the request context once the headers are out, and aborts the reader when the client goes away', async () => {
    const hub = new EventHub(1);
    const { app, opened } = hubApp(hub, 60_000);
    const { base, close } = await listen(app);
    try {
      const client = new AbortController();
      hub.push(turn(1));
      const reader = new SseReader(await fetch(`${base}/follow`, { method: 'POST', signal: client.signal }));
      expect(await reader.next()).toEqual(turn(1));
      const { context, signal } = opened[0]!;
      // A WeakRef's target outlives the job that made it: collect on a later turn.
      await new Promise((resolve) => setImmediate(resolve));
      collectGarbage();
      expect(context.deref()).toBeUndefined();
      const reading = await signal;
      const aborted = new Promise((resolve) => reading.addEventListener('abort', resolve));
      client.abort();
      await aborted;
      expect(reading.aborted).toBe(true);
    } finally {
      await close();
    }
  });

  it('pings an idle stream on the socket', async () => {
    const hub = new EventHub(1);
    const { app } = hubApp(hub, 40);
    const { base, close } = await listen(app);
    try {
      const res = await fetch(`${base}/follow`, { method: 'POST' });
      const body = res.body!.getReader();
      let text = '';
      while (!text.includes(': ping\n\n')) text += new TextDecoder().decode((await body.read()).value);
      expect(text).toBe(': ping\n\n');
      await body.cancel();
    } finally {
      await close();
    }
  });
});
