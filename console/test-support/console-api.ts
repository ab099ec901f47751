/**
 * The real server (offline model, memory store, admin API on) for the console's element tests,
 * seeded with a surface, tool sightings and conversations with known tool calls. web-test-runner
 * starts it and forwards the page's `/v1/admin` and `/v1/conversations` requests to it, so the
 * console talks same-origin as it does when the server serves it.
 */
import { serve } from '@hono/node-server';
import { createApp } from '../../server/app.js';
import { parseConfig } from '../../server/config/load.js';
import { MemoryStore } from '../../server/store/index.js';
import { seedSession } from '../../server/test-support/seed.js';

export const CONSOLE_ADMIN_KEY = 'console-elements-admin-key';
export const CONSOLE_TOKEN = 'ct_test_console';
export const SHOP = 'https://a.example';
export const OTHER = 'https://b.example';

/**
 * The test files run two at a time against this one server, so each file that changes a surface
 * changes its own: `shop` (the tools view's Allow), `editor` (the surface editor's origins) and
 * `notes` (the audit view's edit). A change to one never lands between another file's read and write.
 */
const ownSurface = (token: string) => ({
  agent: 'shop',
  clientTokens: [{ token, allowedOrigins: [SHOP, OTHER] }],
  behavior: { webmcp: { enabled: true, allowlist: [{ origin: SHOP, tools: ['search_*'] }] } },
});

export async function startConsoleApi(): Promise<{ url: string; close(): Promise<void> }> {
  const config = parseConfig({
    adminKey: { env: 'CONSOLE_TEST_ADMIN_KEY' },
    agents: { shop: { model: 'offline' } },
    surfaces: {
      shop: ownSurface(CONSOLE_TOKEN),
      editor: ownSurface('ct_test_editor'),
      notes: ownSurface('ct_test_notes'),
    },
  });
  const store = new MemoryStore();
  const now = new Date().toISOString();
  await store.recordToolSightings(
    'shop',
    SHOP,
    [
      { toolName: 'search_products', status: 'admitted', reason: 'rule_matched' },
      { toolName: 'add_note', status: 'rejected', reason: 'tool_not_listed' },
    ],
    now,
  );
  // Three hours ago onwards: inside every window the console offers.
  const base = Date.now() - 3 * 3_600_000;
  await store.saveSession(
    seedSession('conv_mug', {
      base,
      start: 0,
      surfaceId: 'shop',
      origin: SHOP,
      user: 'find a blue mug',
      reply: 'Here is a mug',
      calls: [
        { name: 'search_products', durationMs: 120 },
        { name: 'search_products', durationMs: 80 },
        { name: 'shipping_quote', origin: 'server', durationMs: 40, outcome: 'error' },
      ],
    }),
  );
  await store.saveSession(
    seedSession('conv_checkout', {
      base,
      start: 30,
      surfaceId: 'shop',
      origin: OTHER,
      user: 'check out now',
      calls: [{ name: 'checkout', durationMs: 10, outcome: 'denied' }],
    }),
  );
  const app = createApp({ config, store, env: { CONSOLE_TEST_ADMIN_KEY: CONSOLE_ADMIN_KEY } });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
