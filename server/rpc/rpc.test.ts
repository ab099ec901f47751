import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRpcHandler, RpcHandlerError, type RpcHandler, type RpcToolFunction } from '../../sdk/index.js';
import { init, ofType, readFrames, replyText, say, types } from '../test-helpers.js';
import { API_KEY, OTHER_KEY, startRpcServer, type RpcServer } from './rpc.fixture.js';

let server: RpcServer;
const handlers: RpcHandler[] = [];

beforeAll(async () => (server = await startRpcServer()));
afterAll(() => server.close());
afterEach(async () => {
  await Promise.all(handlers.splice(0).map((h) => h.close()));
});

/** Connects a handler and resolves once the server registered it; rejects with a refusal. */
function connect(tools: Record<string, RpcToolFunction>, options: { apiKey?: string; agent?: string } = {}) {
  return new Promise<RpcHandler>((resolve, reject) => {
    const handler = createRpcHandler({
      apiUrl: server.url,
      apiKey: options.apiKey ?? API_KEY,
      agent: options.agent ?? 'shop',
      tools,
      onConnected: () => resolve(handler),
      onError: (error) => {
        if (!error.retrying) reject(error);
      },
    });
    handlers.push(handler);
  });
}

async function run(text: string) {
  const sessionId = await init(server.app);
  return readFrames(await say(server.app, sessionId, text));
}

describe('rpc tools served by a connected handler', () => {
  it('passes the arguments and the toolCallId to the handler and its value to the model', async () => {
    const seen: unknown[] = [];
    await connect({
      lookup_stock: (args, ctx) => {
        seen.push({ args, toolCallId: ctx.toolCallId, aborted: ctx.signal.aborted });
        return { sku: args.sku, inStock: 7 };
      },
    });
    const frames = await run('/tool lookup_stock {"sku":"mug-002"}');
    const [start] = ofType(frames, 'tool_start');
    const [done] = ofType(frames, 'tool_complete');
    expect(start).toMatchObject({ toolName: 'lookup_stock', toolType: 'rpc', origin: 'server' });
    expect(done).toMatchObject({ success: true, result: '{"sku":"mug-002","inStock":7}', origin: 'server' });
    expect(seen).toEqual([{ args: { sku: 'mug-002' }, toolCallId: start!.toolCallId, aborted: false }]);
    expect(types(frames).at(-1)).toBe('execution_complete');
    expect(replyText(frames)).toContain('7');
  });

  it("gives the model a thrown error's message as the error result", async () => {
    await connect({
      lookup_stock: () => {
        throw new Error('The warehouse database is down');
      },
    });
    const [done] = ofType(await run('/tool lookup_stock {"sku":"x"}'), 'tool_complete');
    expect(done).toMatchObject({ success: false, error: 'The warehouse database is down' });
  });

  it('answers "no handler connected" at once when none is connected, never waiting for the timeout', async () => {
    const frames = await run('/tool lookup_stock {"sku":"x"}');
    const [done] = ofType(frames, 'tool_complete');
    expect(done!.success).toBe(false);
    expect(done!.error).toContain('no handler connected');
    // The tool's timeout is 8 s: an immediate answer is far below it.
    expect(done!.executionTime).toBeLessThan(1000);
    expect(types(frames).at(-1)).toBe('execution_complete');
  });

  it('spreads calls over every handler serving the tool', async () => {
    const served: Record<string, number> = { a: 0, b: 0 };
    const tool =
      (who: 'a' | 'b'): RpcToolFunction =>
      (args) => ((served[who] += 1), `${who}:${String(args.sku)}`);
    await connect({ lookup_stock: tool('a') });
    await connect({ lookup_stock: tool('b') });
    const lines = ['1', '2', '3', '4'].map((n) => `/tool lookup_stock {"sku":"s${n}"}`).join('\n');
    const done = ofType(await run(lines), 'tool_complete');
    expect(done).toHaveLength(4);
    expect(done.every((d) => d.success)).toBe(true);
    expect(served).toEqual({ a: 2, b: 2 });
  });

  it('ignores and logs an answer that comes after the call timed out', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let aborted!: Promise<unknown>;
    await connect({
      slow_tool: async (_args, { signal }) => {
        aborted = new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason)));
        await released; // ignores its signal: answers only when the test says so
        return 'too late';
      },
    });
    const frames = await run('/tool slow_tool {}');
    const [done] = ofType(frames, 'tool_complete');
    expect(done).toMatchObject({ success: false });
    expect(done!.error).toMatch(/did not answer within 1 s/);
    expect(types(frames).at(-1)).toBe('execution_complete');
    // The handler's signal aborts at the timeout too (its own timer or the server's cancel).
    expect(await aborted).toBeInstanceOf(Error);
    release();
    const line = await server.logged(/after it timed out; the answer was ignored/);
    expect(line).toContain('slow_tool');
    expect(JSON.stringify(frames)).not.toContain('too late');
  });
});

describe('connecting', () => {
  it('refuses a tool the agent does not declare as rpc, naming it, and does not retry', async () => {
    const error = await connect({ lookup_stock: () => 1, launch_rockets: () => 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcHandlerError);
    expect(error).toMatchObject({ code: 'rpc_tool_not_declared', status: 400, retrying: false });
    expect((error as Error).message).toContain('"launch_rockets"');
    expect(handlers.at(-1)!.connected).toBe(false);
  });

  it('refuses a missing or wrong key (401) and a key not allowed for the agent (403)', async () => {
    await expect(connect({ lookup_stock: () => 1 }, { apiKey: 'wrong' })).rejects.toMatchObject({
      code: 'api_key_invalid',
      status: 401,
    });
    await expect(connect({ lookup_stock: () => 1 }, { apiKey: OTHER_KEY })).rejects.toMatchObject({
      code: 'api_key_forbidden',
      status: 403,
    });
    const res = await fetch(`${server.url}/v1/rpc?agent=shop&tools=lookup_stock`);
    expect(res.status).toBe(426);
    expect(await res.json()).toMatchObject({ error: 'rpc_upgrade_required' });
  });

  it('refuses unknown query parameters with 400', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/v1/rpc?agent=shop&tools=lookup_stock&x=1`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    const status = await new Promise<number>((resolve) =>
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    ws.on('error', () => {}); // terminating a socket still connecting reports an error: expected here
    ws.terminate();
    expect(status).toBe(400);
  });

  it('reconnects after the server drops the connection, and serves calls again', async () => {
    let connects = 0;
    const connected: Array<() => void> = [];
    const nth = [0, 1].map((i) => new Promise<void>((resolve) => (connected[i] = resolve)));
    const closes: number[] = [];
    handlers.push(
      createRpcHandler({
        apiUrl: server.url,
        apiKey: API_KEY,
        agent: 'shop',
        tools: { lookup_stock: () => 'back' },
        backoff: { initialMs: 20 },
        onConnected: () => connected[connects++]?.(),
        onDisconnected: ({ code, willReconnect }) => willReconnect && closes.push(code),
      }),
    );
    await nth[0];
    server.dropHandlers();
    await nth[1];
    expect(closes).toEqual([1001]);
    const [done] = ofType(await run('/tool lookup_stock {"sku":"x"}'), 'tool_complete');
    expect(done).toMatchObject({ success: true, result: 'back' });
  });
});
