/**
 * The SDK against the real server over loopback HTTP, in this process: typed frames, errors with
 * the server's codes, and `runWithLocalTools` with parallel and chained calls, schema validation,
 * timeouts and aborts.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchApp, KEY, OTHER_KEY } from '../server/test-support/dispatch.js';
import { createClient, HttpError, type DispatchEvent, type LocalTool } from './index.js';

let server: ServerType;
let apiUrl = '';
let close: () => void;

beforeAll(async () => {
  const { app } = dispatchApp();
  close = () => app.close();
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      apiUrl = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});
afterAll(async () => {
  close();
  await new Promise((resolve) => server.close(resolve));
});

const ask = (content: string) => ({ agent: { id: 'shop' }, messages: [{ role: 'user' as const, content }] });

/** Two promises that each resolve once both have been reached: proves two calls overlap. */
function barrier(): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    if (++arrived === 2) release();
    return all;
  };
}

describe('createClient', () => {
  it('yields the typed frames of a run and rejects a bad key with the server code', async () => {
    const client = createClient({ apiUrl, apiKey: KEY });
    const events: DispatchEvent[] = [];
    for await (const event of client.dispatch(ask('/echo typed frames'))) events.push(event);
    expect(events[0]!.type).toBe('execution_start');
    expect(events.at(-1)!.type).toBe('execution_complete');
    const text = events.flatMap((e) => (e.type === 'text_delta' ? [e.delta] : [])).join('');
    expect(text).toBe('typed frames');

    const wrong = createClient({ apiUrl, apiKey: 'sk_nope' });
    const error = await wrong
      .dispatch(ask('hi'))
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 401, code: 'api_key_invalid' });
    const forbidden = await createClient({ apiUrl, apiKey: OTHER_KEY })
      .dispatch(ask('hi'))
      .next()
      .catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ status: 403, code: 'api_key_forbidden' });
  });
});

describe('runWithLocalTools', () => {
  it('runs parallel calls at once and chained calls in turn, and returns every call', async () => {
    const client = createClient({ apiUrl, apiKey: KEY });
    const both = barrier();
    const order: string[] = [];
    const tools: Record<string, LocalTool> = {
      stock: {
        description: 'Units in stock for a sku',
        parametersSchema: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] },
        async execute({ sku }) {
          order.push(`stock:${String(sku)}`);
          await both(); // both parallel calls must be running for either to finish
          return { sku, units: sku === 'mug' ? 7 : 3 };
        },
      },
      reserve: {
        description: 'Reserve units of a sku',
        parametersSchema: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] },
        execute: ({ sku }) => {
          order.push(`reserve:${String(sku)}`);
          return `reserved ${String(sku)}`;
        },
      },
    };
    const result = await client.runWithLocalTools(
      ask('/tool stock {"sku":"mug"}\n/tool stock {"sku":"cup"}\n/then\n/tool reserve {"sku":"mug"}'),
      tools,
      { scope: 'turn' },
    );
    expect(order).toEqual(['stock:mug', 'stock:cup', 'reserve:mug']);
    expect(result.calls.map((c) => [c.name, c.arguments, c.result])).toEqual([
      ['stock', { sku: 'mug' }, { sku: 'mug', units: 7 }],
      ['stock', { sku: 'cup' }, { sku: 'cup', units: 3 }],
      ['reserve', { sku: 'mug' }, 'reserved mug'],
    ]);
    expect(result.calls.every((c) => c.error === undefined && c.toolCallId && c.durationMs >= 0)).toBe(true);
    expect(result.executionId).toMatch(/^exec_/);
    expect(result.stopReason).toBe('end_turn');
    expect(result.text).toContain('reserved mug');
  });

  it('validates arguments first, ends a slow call at its timeout, and reports a throw as the error', async () => {
    const client = createClient({ apiUrl, apiKey: KEY });
    let called = 0;
    let slowSignal: AbortSignal | undefined;
    const result = await client.runWithLocalTools(ask('/tool strict {"qty":"many"}\n/tool slow {}\n/tool broken {}'), {
      strict: {
        description: 'Takes a number',
        parametersSchema: { type: 'object', properties: { qty: { type: 'number' } }, required: ['qty'] },
        execute: () => called++,
      },
      slow: {
        description: 'Never answers',
        timeoutMs: 150,
        execute: (_args, { signal }) => {
          slowSignal = signal;
          return new Promise(() => {});
        },
      },
      broken: {
        description: 'Throws',
        execute: () => {
          throw new Error('the warehouse is offline');
        },
      },
    });
    expect(called).toBe(0);
    const byName = Object.fromEntries(result.calls.map((c) => [c.name, c]));
    expect(byName.strict!.error).toMatch(/Invalid arguments for strict: .*\/qty/);
    expect(byName.slow!.error).toBe('slow did not answer within 150 ms.');
    expect(slowSignal?.aborted).toBe(true);
    expect(byName.broken!.error).toBe('broken failed: the warehouse is offline');
    expect(result.text).toContain('the warehouse is offline');
  });

  it("stops on the caller's AbortSignal: the tool's signal aborts and the run rejects", async () => {
    const client = createClient({ apiUrl, apiKey: KEY });
    const controller = new AbortController();
    let toolSignal: AbortSignal | undefined;
    const run = client.runWithLocalTools(
      ask('/tool wait {}'),
      {
        wait: {
          description: 'Waits until aborted',
          execute: (_args, { signal }) => {
            toolSignal = signal;
            controller.abort(new DOMException('The user left.', 'AbortError'));
            return new Promise(() => {});
          },
        },
      },
      { signal: controller.signal },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(toolSignal?.aborted).toBe(true);
  });
});
