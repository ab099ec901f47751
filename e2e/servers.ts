/**
 * Starts what a storefront deployment has: the API server (in this process, offline model), the
 * shop's own backend (the upstream of the demo agent's server tools) and the demo storefront
 * (Vite), each on its own loopback port, so every browser request is cross-origin exactly as in
 * production.
 */
import { readFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { createApp } from '../server/app.js';
import { parseConfig } from '../server/config/load.js';
import { startDemoBackend, withBackendOrigin, type DemoBackend } from '../server/demo-backend/index.js';
import { MemoryStore } from '../server/store/index.js';
import { startPersonaPage } from './persona-page.js';
import { startStrictShop } from './strict-shop.js';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CLIENT_TOKEN = 'ct_test_e2e_shop';
/** The admin key of the e2e server (the console spec signs in with it). */
export const ADMIN_KEY = 'e2e-admin-key-0123456789';
/** What the demo agent's server tools and the demo backend share (the e2e's own values). */
const TOOL_ENV = {
  SHIPPING_KEY: 'e2e-shipping-key',
  ORDER_TOOL_SECRET: 'whsec_ZTJlLW9yZGVyLXRvb2wtc2lnbmluZy1zZWNyZXQ=',
};

export interface Servers {
  apiUrl: string;
  shopUrl: string;
  /** The production build of the storefront, served with a strict CSP. */
  strictShopUrl: string;
  /** A page embedding the real Persona widget against this server. */
  personaUrl: string;
  /** The server's store, to check what happened to a run. */
  store: MemoryStore;
  /** The shop's backend behind the demo agent's server tools (counts its requests). */
  backend: DemoBackend;
  close(): Promise<void>;
}

/**
 * A port that is free now, for a server that must know its origin before it listens (the pages'
 * origins go into the API's config). Taken below the kernel's ephemeral range (32768 and up on
 * Linux), so no port-0 server or outgoing connection started meanwhile can take it first.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free port between 20000 and 32000');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createNetServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function startServers(): Promise<Servers> {
  const shopPort = await freePort();
  const shopOrigin = `http://localhost:${shopPort}`;
  const strictPort = await freePort();
  const strictOrigin = `http://localhost:${strictPort}`;
  const personaPort = await freePort();
  const personaOrigin = `http://localhost:${personaPort}`;
  const backend = await startDemoBackend({
    shippingKey: TOOL_ENV.SHIPPING_KEY,
    webhookSecret: TOOL_ENV.ORDER_TOOL_SECRET,
  });
  // The demo agent's own server tools and secrets, exactly as demo.json declares them, on this backend.
  const demo = withBackendOrigin(
    JSON.parse(readFileSync(`${root}server/config/demo.json`, 'utf8')) as {
      agents: { shop: { tools: unknown[]; secrets: unknown } };
    },
    backend.url,
  );
  const config = parseConfig({
    adminKey: { env: 'WEBMCP_CHAT_E2E_ADMIN_KEY' },
    // Every browser of a run comes from 127.0.0.1: give that one address the token's whole budget.
    limits: { perAddress: { requests: 600, windowSeconds: 60 } },
    agents: {
      shop: { model: 'offline', maxSteps: 8, tools: demo.agents.shop.tools, secrets: demo.agents.shop.secrets },
    },
    surfaces: {
      storefront: {
        agent: 'shop',
        welcomeMessage: 'Hi from the e2e shop.',
        clientTokens: [{ token: CLIENT_TOKEN, allowedOrigins: [shopOrigin, strictOrigin, personaOrigin] }],
        behavior: {
          webmcp: {
            enabled: true,
            allowlist: [
              { origin: shopOrigin, tools: ['*'] },
              { origin: strictOrigin, tools: ['*'] },
              { origin: personaOrigin, tools: ['*'] },
            ],
          },
        },
      },
    },
  });
  const store = new MemoryStore();
  const app = createApp({
    config,
    store,
    widgetFile: `${root}dist/webmcp-chat.js`,
    env: { ...process.env, ...TOOL_ENV, WEBMCP_CHAT_E2E_ADMIN_KEY: ADMIN_KEY },
  });
  const api = await new Promise<ServerType>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: 'localhost' }, () => resolve(server));
  });
  const apiPort = (api.address() as { port: number }).port;
  const apiUrl = `http://localhost:${apiPort}`;
  // Vite gives variables already in the environment priority over demo-site/.env.
  process.env.VITE_API_URL = apiUrl;
  process.env.VITE_WIDGET_URL = `${apiUrl}/webmcp-chat.js`;
  process.env.VITE_CLIENT_TOKEN = CLIENT_TOKEN;
  const vite: ViteDevServer = await createViteServer({
    configFile: `${root}vite.config.ts`,
    mode: 'demo',
    logLevel: 'warn',
    server: { port: shopPort, strictPort: true, host: 'localhost', hmr: false },
  });
  await vite.listen();
  const strict = await startStrictShop(strictPort, apiUrl, CLIENT_TOKEN);
  const persona = await startPersonaPage(personaPort, apiUrl, CLIENT_TOKEN);
  return {
    apiUrl,
    shopUrl: shopOrigin,
    strictShopUrl: strictOrigin,
    personaUrl: personaOrigin,
    store,
    backend,
    async close() {
      await persona.close();
      await strict.close();
      await vite.close();
      await new Promise<void>((resolve) => api.close(() => resolve()));
      await store.close();
      await backend.close();
    },
  };
}
