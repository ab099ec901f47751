import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientTool } from '../../bridge/protocol/index.js';
import { parseConfig } from '../config/load.js';
import { DEMO_TOOLS } from '../models/offline/demo-tools.fixture.js';
import { init, makeApp, ofType, readFrames, replyText, resume, say, types } from '../test-helpers.js';
import { signWebhook } from '../webhooks/signature.js';
import { startDemoBackend, type DemoBackend } from './backend.js';
import { DEMO_BACKEND_ORIGIN, withBackendOrigin } from './config.js';

const SHIPPING_KEY = 'demo-test-shipping-key';
const WHSEC = 'whsec_ZGVtby10ZXN0LW9yZGVyLXRvb2wtc2VjcmV0IQ==';
const demoJson = JSON.parse(readFileSync(new URL('../config/demo.json', import.meta.url), 'utf8')) as Record<
  string,
  any
>;
// The demo storefront's page tools as the bridge sends them.
const PAGE_TOOLS: ClientTool[] = DEMO_TOOLS.filter((t) => t.canonicalName.startsWith('webmcp:')).map((t) => ({
  name: t.bareName,
  description: t.description,
  parametersSchema: t.parameters,
  origin: 'webmcp',
}));

let backend: DemoBackend;
beforeAll(async () => (backend = await startDemoBackend({ shippingKey: SHIPPING_KEY, webhookSecret: WHSEC })));
afterAll(() => backend.close());

/** The real demo config (memory store, the backend on its test port). */
function demoApp() {
  const raw = withBackendOrigin(demoJson, backend.url);
  raw.store = { kind: 'memory' };
  return makeApp({
    config: parseConfig(raw),
    env: { SHIPPING_KEY, ORDER_TOOL_SECRET: WHSEC, WEBMCP_CHAT_ADMIN_KEY: 'demo-test-admin-key' },
  });
}

describe('the demo backend', () => {
  it('quotes shipping only with the bearer key', async () => {
    const ok = await fetch(`${backend.url}/quote?postcode=10115&items=3`, {
      headers: { authorization: `Bearer ${SHIPPING_KEY}` },
    });
    expect(await ok.json()).toEqual({ postcode: '10115', zone: 'Z1', priceCents: 795, currency: 'USD', days: 2 });
    const refused = await fetch(`${backend.url}/quote?postcode=10115`, { headers: { authorization: 'Bearer nope' } });
    expect(refused.status).toBe(401);
  });

  it('answers order status only to a correctly signed request', async () => {
    const body = JSON.stringify({ orderId: 'A-1003' });
    const stamp = Math.floor(Date.now() / 1000);
    const signed = (secret: string) => ({
      'content-type': 'application/json',
      'webhook-id': 'msg_demo_test',
      'webhook-timestamp': String(stamp),
      'webhook-signature': signWebhook(secret, 'msg_demo_test', stamp, body),
    });
    const ok = await fetch(`${backend.url}/tools/order-status`, { method: 'POST', headers: signed(WHSEC), body });
    expect(await ok.json()).toMatchObject({ orderId: 'A-1003', status: 'out_for_delivery', carrier: 'UPS' });
    const forged = await fetch(`${backend.url}/tools/order-status`, {
      method: 'POST',
      headers: signed('whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA=='),
      body,
    });
    expect([forged.status, await forged.json()]).toEqual([401, { error: 'no_matching_signature' }]);
  });
});

describe('the demo config with the offline model', () => {
  it('points every backend tool at the demo backend origin', () => {
    const urls = (demoJson.agents.shop.tools as Array<{ url?: string }>).flatMap((t) => (t.url ? [t.url] : []));
    expect(urls.length).toBe(2);
    expect(urls.every((u) => u.startsWith(`${DEMO_BACKEND_ORIGIN}/`))).toBe(true);
  });

  it('answers "where is my order A-1001?" from the signed webhook tool', async () => {
    const { app } = demoApp();
    const sessionId = await init(app);
    const before = backend.hits.orderStatus;
    const frames = await readFrames(
      await say(app, sessionId, 'where is my order A-1001?', { clientTools: PAGE_TOOLS }),
    );
    const [start] = ofType(frames, 'tool_start');
    expect([start!.toolName, start!.toolType, start!.origin]).toEqual(['check_order_status', 'webhook', 'server']);
    const [done] = ofType(frames, 'tool_complete');
    expect(JSON.parse(done!.result as string)).toMatchObject({ orderId: 'A-1001', status: 'shipped', carrier: 'DHL' });
    expect(backend.hits.orderStatus).toBe(before + 1);
    expect(types(frames).at(-1)).toBe('execution_complete');
    expect(replyText(frames)).toContain('status: shipped; carrier: DHL');
  });

  it('answers a shipping question with the cart from the page and the quote from the backend in one run', async () => {
    const { app } = demoApp();
    const sessionId = await init(app);
    const frames = await readFrames(
      await say(app, sessionId, 'what would shipping to 10115 cost for my cart?', { clientTools: PAGE_TOOLS }),
    );
    const [quote] = ofType(frames, 'tool_complete');
    expect([quote!.toolName, quote!.origin]).toEqual(['get_shipping_quote', 'server']);
    expect(JSON.parse(quote!.result as string)).toMatchObject({ postcode: '10115', zone: 'Z1', currency: 'USD' });
    const [awaited] = ofType(frames, 'await');
    expect(awaited!.toolName).toBe('get_cart');
    const cart = {
      items: [{ id: 'mug-002', name: 'Speckled Stoneware Mug', price: 16, quantity: 2, lineTotal: 32 }],
      itemCount: 2,
      total: 32,
    };
    const next = await readFrames(
      await resume(app, {
        sessionId,
        executionId: frames[0]!.data.executionId as string,
        toolOutputs: { [awaited!.toolCallId]: { result: cart } },
      }),
    );
    expect(types(next).at(-1)).toBe('execution_complete');
    expect(replyText(next)).toContain('Postcode: 10115; zone: Z1; price: $5.95; days: 2.');
  });

  it('estimates tax in the sandbox', async () => {
    const { app } = demoApp();
    const sessionId = await init(app);
    const frames = await readFrames(await say(app, sessionId, 'estimate the tax on $45', { clientTools: PAGE_TOOLS }));
    const [done] = ofType(frames, 'tool_complete');
    expect([done!.toolName, done!.origin, JSON.parse(done!.result as string)]).toEqual([
      'estimate_tax',
      'server',
      { tax: 3.6 },
    ]);
  });
});
