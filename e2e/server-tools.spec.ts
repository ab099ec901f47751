import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { ADMIN_KEY } from './servers.js';

interface ToolResult {
  id: string;
  name: string;
  result: unknown;
  error: string | null;
  origin: 'page' | 'server';
}
interface Entry {
  role: 'user' | 'assistant';
  content: string | null;
  toolCalls?: Array<{ id: string; name: string }>;
  toolResults?: ToolResult[];
}

/** The session id the widget sends with its chat requests. */
function sessionIdOf(page: Page): Promise<string> {
  return new Promise((resolve) => {
    page.on('request', (request) => {
      if (request.url().endsWith('/v1/client/chat'))
        resolve((request.postDataJSON() as { sessionId: string }).sessionId);
    });
  });
}

test.describe('server tools in the demo shop', () => {
  test('one question runs a page tool and a server tool in the same run; the record shows both', async ({
    shop,
    servers,
  }) => {
    await shop.open();
    const sessionId = sessionIdOf(shop.page);
    await shop.openChat();
    await shop.send('/tool add_to_cart {"productId":"mug-002","quantity":2}');
    await shop.waitIdle();
    await expect(shop.page.getByTestId('cart-badge')).toHaveText('2');

    const quotesBefore = servers.backend.hits.quote;
    const runs: string[] = [];
    shop.page.on('request', (r) => void (r.url().endsWith('/v1/client/resume') && runs.push(r.url())));
    await shop.send('what would shipping to 10115 cost for my cart?');
    await shop.waitIdle();
    const reply = await shop.lastReply();
    // The quote from the shop's backend and the cart from the page, in one answer.
    expect(reply).toContain('Postcode: 10115; zone: Z1; price: $5.95; days: 2.');
    expect(reply).toContain('Speckled Stoneware Mug');
    expect(servers.backend.hits.quote).toBe(quotesBefore + 1);
    // The page call paused the run once; the server call did not.
    expect(runs).toHaveLength(1);

    const res = await fetch(`${servers.apiUrl}/v1/conversations/${await sessionId}`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(res.status).toBe(200);
    const { transcript } = (await res.json()) as { transcript: Entry[] };
    const asked = transcript.findIndex((e) => e.role === 'user' && e.content?.includes('10115'));
    const step = transcript.slice(asked + 1).find((e) => e.role === 'assistant' && (e.toolCalls?.length ?? 0) > 0);
    expect(step!.toolCalls!.map((c) => c.name).sort()).toEqual(['get_cart', 'get_shipping_quote']);
    const results = new Map(step!.toolResults!.map((r) => [r.name, r]));
    expect(results.get('get_shipping_quote')).toMatchObject({ origin: 'server', error: null });
    expect(results.get('get_shipping_quote')!.result).toMatchObject({
      postcode: '10115',
      priceCents: 595,
    });
    expect(results.get('get_cart')).toMatchObject({ origin: 'page', error: null });
    expect(JSON.stringify(results.get('get_cart')!.result)).toContain('mug-002');
    // The shipping key stays on the server.
    expect(JSON.stringify(transcript)).not.toContain('e2e-shipping-key');
  });

  test('an order question is answered from the signed webhook tool on the shop backend', async ({ shop, servers }) => {
    await shop.open();
    await shop.openChat();
    const before = servers.backend.hits.orderStatus;
    await shop.send('where is my order A-1001?');
    await shop.waitIdle();
    const reply = await shop.lastReply();
    expect(reply).toContain('status: shipped; carrier: DHL; eta: 2026-12-08');
    expect(servers.backend.hits.orderStatus).toBe(before + 1);
  });
});
