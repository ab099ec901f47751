import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { rawConfig } from '../test-helpers.js';
import type { ServerTool } from './executor.js';
import { runServerCall } from './executor.js';
import { MAX_RESPONSE_BYTES } from './executors/response.js';
import { startUpstream, type Upstream } from './fixtures/upstream.fixture.js';
import { Secret } from './secret.js';
import { buildServerTools } from './server-tools.js';

const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ENV = { SHIPPING_KEY: 'shh-quote-key', ORDER_SECRET: WHSEC };

let upstream: Upstream;
beforeAll(async () => (upstream = await startUpstream(WHSEC)));
afterAll(() => upstream.close());

/** The tools of an agent configured with `tools` (parsed by the real config schema). */
function toolsOf(tools: unknown[]): Map<string, ServerTool> {
  const config = parseConfig(
    rawConfig((c) => {
      c.agents.shop.tools = tools;
      c.agents.shop.secrets = { SHIPPING_KEY: { env: 'SHIPPING_KEY' } };
    }),
  );
  const built = buildServerTools(config.agents.shop!, { env: ENV, agent: () => ({ model: undefined as never }) });
  return new Map(built.map((t) => [t.name, t]));
}

function http(name: string, path: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'http',
    name,
    url: `${upstream.url}${path}`,
    headers: { 'x-shipping-key': '{{secrets.SHIPPING_KEY}}' },
    timeoutSeconds: 1,
    ...extra,
  };
}

const CTX = {
  runId: 'exec_1',
  sessionId: 'cs_1',
  surfaceId: 'storefront',
  group: { id: 'grp_1', index: 0, length: 1 },
};

async function call(tool: ServerTool, args: Record<string, unknown> = {}) {
  return runServerCall(tool, { toolCallId: 'call_1', name: tool.name, arguments: args }, CTX);
}

describe('http tools', () => {
  it('fills the URL (URL-encoded) and a secret header, and passes JSON on as JSON text', async () => {
    const tool = toolsOf([http('quote', '/quote?postcode={{postcode}}')]).get('quote')!;
    const result = await call(tool, { postcode: '10 115&x=1' });
    expect(result.isError).toBe(false);
    expect(JSON.parse(result.text)).toEqual({
      postcode: '10 115&x=1',
      zone: 'DE-1',
      priceCents: 495,
      currency: 'EUR',
      days: 2,
    });
    expect(upstream.requests.at(-1)!.url).toBe('/quote?postcode=10%20115%26x%3D1');
  });

  it('JSON-encodes arguments into a JSON body', async () => {
    const tool = toolsOf([
      http('send', '/echo-body', {
        method: 'POST',
        body: { items: '{{items}}', note: 'for {{name}}', run: '{{_run.id}}' },
      }),
    ]).get('send')!;
    const result = await call(tool, { items: [1, 2], name: 'Ann "A"' });
    expect(JSON.parse(result.text)).toEqual({
      received: { items: [1, 2], note: 'for Ann "A"', run: 'exec_1' },
      contentType: 'application/json',
    });
  });

  it('turns a 500 into an error result naming the status', async () => {
    const result = await call(toolsOf([http('t', '/status500')]).get('t')!);
    expect(result).toMatchObject({ isError: true });
    expect(result.text).toContain('HTTP 500');
  });

  it('refuses a JSON content type whose body is not JSON', async () => {
    const result = await call(toolsOf([http('t', '/notjson')]).get('t')!);
    expect(result.isError).toBe(true);
    expect(result.text).toContain('not valid JSON');
  });

  it('passes a text answer on as text', async () => {
    expect(await call(toolsOf([http('t', '/text')]).get('t')!)).toMatchObject({ text: 'plain words', isError: false });
  });

  it('drops a 10 MB answer with an error that names the cap', async () => {
    const result = await call(toolsOf([http('t', '/huge', { timeoutSeconds: 10 })]).get('t')!);
    expect(result.isError).toBe(true);
    expect(result.text).toContain(String(MAX_RESPONSE_BYTES));
  });

  it('does not follow a redirect', async () => {
    const result = await call(toolsOf([http('t', '/redirect')]).get('t')!);
    expect(result.isError).toBe(true);
    expect(result.text).toContain('redirect');
  });

  it('ends a call that hangs, before or after the headers, at its timeout', async () => {
    for (const path of ['/hang', '/headers-then-hang']) {
      const result = await call(toolsOf([http('t', path)]).get('t')!);
      expect(result.isError).toBe(true);
      expect(result.text).toContain('within 1 s');
      expect(result.durationMs).toBeGreaterThanOrEqual(900);
      expect(result.durationMs).toBeLessThan(5000);
    }
  });

  it('never sends a call whose arguments fail the schema', async () => {
    const tool = toolsOf([
      http('quote', '/quote?postcode={{postcode}}', {
        parameters: { type: 'object', properties: { postcode: { type: 'string' } }, required: ['postcode'] },
      }),
    ]).get('quote')!;
    const before = upstream.requests.length;
    const result = await call(tool, { postcode: 10115 });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('/postcode');
    expect(upstream.requests.length).toBe(before);
  });

  it('scrubs a secret an upstream echoes back', async () => {
    const result = await call(toolsOf([http('t', '/echo500')]).get('t')!);
    expect(result.isError).toBe(true);
    expect(result.text).toContain('[secret]');
    expect(result.text).not.toContain(ENV.SHIPPING_KEY);
    expect(upstream.requests.at(-1)!.headers['x-shipping-key']).toBe(ENV.SHIPPING_KEY);
  });
});

describe('webhook tools', () => {
  it('POSTs the arguments signed, with the group headers, and returns the 2xx body', async () => {
    const tool = toolsOf([
      { type: 'webhook', name: 'status', url: `${upstream.url}/webhook/status`, secret: { env: 'ORDER_SECRET' } },
    ]).get('status')!;
    const result = await runServerCall(
      tool,
      { toolCallId: 'call_9', name: 'status', arguments: { orderId: 'A-1001' } },
      { ...CTX, group: { id: 'grp_7', index: 1, length: 2 } },
    );
    expect(JSON.parse(result.text)).toEqual({ orderId: 'A-1001', status: 'shipped', index: '1' });
    const req = upstream.requests.at(-1)!;
    expect(req.verified).toBe(true);
    expect(req.headers).toMatchObject({
      'x-webmcp-chat-tool-call-id': 'call_9',
      'x-webmcp-chat-group-id': 'grp_7',
      'x-webmcp-chat-group-index': '1',
      'x-webmcp-chat-group-length': '2',
      'x-webmcp-chat-tool-name': 'status',
      'x-webmcp-chat-session-id': 'cs_1',
    });
  });

  it('is refused by the receiver when signed with another secret', async () => {
    const config = parseConfig(
      rawConfig((c) => {
        c.agents.shop.tools = [{ type: 'webhook', name: 's', url: `${upstream.url}/webhook/s`, secret: { env: 'X' } }];
      }),
    );
    const [tool] = buildServerTools(config.agents.shop!, {
      env: { X: 'whsec_' + Buffer.from('another key entirely').toString('base64') },
      agent: () => ({ model: undefined as never }),
    });
    const result = await call(tool!, { orderId: 'A-1001' });
    expect(upstream.requests.at(-1)!.verified).toBe(false);
    expect(result).toMatchObject({ isError: true });
    expect(result.text).toContain('HTTP 401');
  });
});

describe('code tools', () => {
  const code = (name: string, body: string, extra: Record<string, unknown> = {}) => ({
    type: 'code',
    name,
    code: body,
    parameters: { type: 'object', properties: { amount: { type: 'number' }, rate: { type: 'number' } } },
    ...extra,
  });

  it('runs the body with args and parameter constants and returns its value as JSON', async () => {
    const tool = toolsOf([
      code('tax', 'return { tax: Math.round(amount * (rate ?? 19)) / 100, seen: args.amount };'),
    ]).get('tax')!;
    expect(await call(tool, { amount: 1000 })).toMatchObject({ text: '{"tax":190,"seen":1000}', isError: false });
  });

  it('turns a throw into an error result', async () => {
    const result = await call(toolsOf([code('t', 'throw new RangeError("amount too big");')]).get('t')!, { amount: 1 });
    expect(result).toMatchObject({ isError: true });
    expect(result.text).toContain('RangeError: amount too big');
  });

  it('stops code that loops forever at its deadline', async () => {
    const started = performance.now();
    const result = await call(toolsOf([code('t', 'for (;;) {}', { timeoutSeconds: 1 })]).get('t')!, {});
    expect(result.isError).toBe(true);
    expect(result.text).toContain('time limit');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('stops code that allocates without end at its memory limit', { timeout: 60_000 }, async () => {
    const body = 'const keep = []; for (;;) keep.push(new Uint8Array(1e6));';
    const result = await call(toolsOf([code('t', body, { memoryMb: 4, timeoutSeconds: 30 })]).get('t')!, {});
    expect(result.isError).toBe(true);
    expect(result.text).toContain('out of memory');
  });

  it('has no network, file system or host process', async () => {
    const tool = toolsOf([
      code('t', 'return [typeof fetch, typeof require, typeof process, typeof XMLHttpRequest, typeof globalThis.std];'),
    ]).get('t')!;
    expect(JSON.parse((await call(tool, {})).text)).toEqual(Array(5).fill('undefined'));
  });
});

describe('secrets', () => {
  it('print as [secret] everywhere but reveal()', () => {
    const secret = new Secret('hunter2');
    expect(String(secret)).toBe('[secret]');
    expect(`${secret}`).toBe('[secret]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[secret]"}');
    expect(inspect({ secret })).not.toContain('hunter2');
    expect(secret.reveal()).toBe('hunter2');
  });
});
