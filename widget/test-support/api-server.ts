/**
 * The real server (offline model, memory store) for element tests: web-test-runner starts it
 * beside its own dev server, and the test page talks to it cross-origin like a storefront would.
 */
import { serve } from '@hono/node-server';
import { createApp } from '../../server/app.js';
import { parseConfig } from '../../server/config/load.js';
import { MemoryStore } from '../../server/store/index.js';

export const TEST_TOKEN = 'ct_test_elements';

export async function startTestApi(pageOrigins: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const config = parseConfig({
    agents: { shop: { model: 'offline' } },
    surfaces: {
      elements: {
        agent: 'shop',
        welcomeMessage: 'Welcome to the element tests.',
        placeholder: 'Ask the test shop…',
        clientTokens: [{ token: TEST_TOKEN, allowedOrigins: pageOrigins }],
        behavior: { webmcp: { enabled: true } },
      },
    },
  });
  const store = new MemoryStore();
  const app = createApp({ config, store });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
