import { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GET_CART, ORIGIN, makeApp } from '../test-helpers.js';
import { SseReader } from '../test-support/sse-reader.js';

afterEach(() => {
  vi.restoreAllMocks();
});

async function listen(app: ReturnType<typeof makeApp>['app']) {
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
  return { post, close };
}

describe('SSE on the Node socket', () => {
  it('sends a continuation in a few socket writes, the headers with the first frames, CORS headers included', async () => {
    const { app } = makeApp();
    const { post, close } = await listen(app);
    try {
      const { sessionId } = (await (await post('/v1/client/init', { token: 'ct_test_demo' })).json()) as {
        sessionId: string;
      };
      const paused = await new SseReader(
        await post('/v1/client/chat', {
          sessionId,
          messages: [{ role: 'user', content: '/tool get_cart {}' }],
          clientTools: [GET_CART],
        }),
      ).rest();
      const awaited = paused.at(-1) as { toolCallId: string; executionId: string };
      const writes = vi.spyOn(ServerResponse.prototype, 'write');
      const ends = vi.spyOn(ServerResponse.prototype, 'end');
      const res = await post('/v1/client/resume', {
        sessionId,
        executionId: awaited.executionId,
        toolOutputs: { [awaited.toolCallId]: { content: [{ type: 'text', text: 'two mugs' }] } },
        streamResponse: true,
      });
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(res.headers.has('x-hono-already-sent')).toBe(false);
      const frames = await new SseReader(res).rest();
      expect(frames.at(-1)?.type).toBe('execution_complete');
      expect(frames.length).toBeGreaterThanOrEqual(8);
      const withData = [...writes.mock.calls, ...ends.mock.calls].filter(([chunk]) => typeof chunk === 'string');
      // Frames of one turn of the event loop share a write: far fewer writes than frames.
      expect(withData.length).toBeLessThanOrEqual(3);
    } finally {
      await close();
    }
  });
});
