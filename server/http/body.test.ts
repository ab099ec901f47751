import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { incomingOf, readBody } from './body.js';
import { ApiError, errorBody } from './errors.js';

const MAX = 1024;
let closeServer: (() => Promise<void>) | undefined;

afterEach(async () => {
  await closeServer?.();
  closeServer = undefined;
});

/**
 * A loopback `@hono/node-server` app whose `POST /` reads its body with {@link readBody} (cap
 * {@link MAX}) and answers `{body, web}` (`web`: whether a web `Request` body was built), or the
 * error; `outcomes` resolves with each read's result. `hold` runs before the read.
 */
async function bodyServer(hold: (incoming: IncomingMessage) => Promise<void> = async () => {}) {
  const outcomes: Array<{ promise: Promise<string>; resolve(value: string): void }> = [];
  const next = () => {
    let resolve!: (value: string) => void;
    const promise = new Promise<string>((r) => (resolve = r));
    return outcomes[outcomes.push({ promise, resolve }) - 1]!;
  };
  const app = new Hono();
  app.post('/', async (c) => {
    const outcome = next();
    await hold(incomingOf(c)!);
    try {
      const body = await readBody(c, z.object({ text: z.string() }).strict(), MAX);
      outcome.resolve(`ok ${body.text.length}`);
      return c.json({ body });
    } catch (error) {
      const code = error instanceof ApiError ? error.code : String(error);
      outcome.resolve(code);
      if (error instanceof ApiError) return c.json(errorBody(error.code, error.hint), error.status);
      throw error;
    }
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  closeServer = async () => {
    (server as unknown as { closeAllConnections(): void }).closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const outcome = async (i: number) => {
    while (!outcomes[i]) await new Promise((resolve) => setImmediate(resolve));
    return outcomes[i]!.promise;
  };
  return { base: `http://127.0.0.1:${port}`, port, outcome };
}

/** A raw socket to `port`, resolved once connected. */
function socketTo(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('readBody on the Node socket', () => {
  it('reads and validates a JSON body, in any number of chunks', async () => {
    const { base } = await bodyServer();
    const text = 'é'.repeat(200);
    // A streamed body arrives in several chunks, with no content-length.
    const chunks = new TextEncoder().encode(JSON.stringify({ text }));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < chunks.length; i += 7) controller.enqueue(chunks.slice(i, i + 7));
        controller.close();
      },
    });
    const res = await fetch(base, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ body: { text } });
    const unknown = await fetch(base, { method: 'POST', body: JSON.stringify({ text: 'a', extra: 1 }) });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('answers 413 body_too_large past the cap, declared or streamed, and the connection still gets the answer', async () => {
    const { base } = await bodyServer();
    const big = JSON.stringify({ text: 'x'.repeat(MAX) });
    const declared = await fetch(base, { method: 'POST', body: big });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: 'body_too_large' });
    const chunks = new TextEncoder().encode(big);
    const streamed = await fetch(base, {
      method: 'POST',
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < chunks.length; i += 100) controller.enqueue(chunks.slice(i, i + 100));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: 'body_too_large' });
  });

  it('gives body_incomplete when the client hangs up mid-body, read under way or not yet', async () => {
    let reading!: () => void;
    const started = new Promise<void>((resolve) => (reading = resolve));
    // The route is on its way into readBody (it attaches its listeners in this same turn).
    const { port, outcome } = await bodyServer(async () => reading());
    const head = 'POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n';
    const socket = await socketTo(port);
    socket.write(`${head}{"text":"`);
    await started;
    socket.destroy();
    expect(await outcome(0)).toBe('body_incomplete');
  });

  it('still reads a whole body the client sent before hanging up, when it was not read yet', async () => {
    let gone!: () => void;
    const hungUp = new Promise<void>((resolve) => (gone = resolve));
    // The read starts only after the server saw the client go (as when a middleware awaits first).
    const { port, outcome } = await bodyServer(async (incoming) => {
      incoming.socket.once('close', () => gone());
      if (incoming.socket.destroyed) gone();
      await hungUp;
    });
    const socket = await socketTo(port);
    const body = JSON.stringify({ text: 'complete' });
    socket.end(
      `POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    );
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(await outcome(0)).toBe('ok 8');
  });
});
