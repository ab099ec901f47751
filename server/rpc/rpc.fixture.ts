/**
 * Test support for backend RPC handlers: an app over a memory store, served on a real loopback
 * port with `GET /v1/rpc` attached, whose agent `shop` declares `rpc` tools and whose API key
 * `rpc-test-key` may use it. Not a test file.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { App } from '../app.js';
import { makeApp, type rawConfig } from '../test-helpers.js';

export const API_KEY = 'rpc-test-key';
export const OTHER_KEY = 'rpc-other-key';
export const API_KEY_ENV = { RPC_TEST_KEY: API_KEY, RPC_OTHER_KEY: OTHER_KEY };

/** The `rpc` tools of the test agent; `slow_tool` has the shortest timeout (1 s). */
export const RPC_TOOLS = [
  {
    type: 'rpc',
    name: 'lookup_stock',
    description: 'Stock of a product by its SKU',
    parameters: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] },
    timeoutSeconds: 8,
  },
  { type: 'rpc', name: 'slow_tool', description: 'A tool that may not answer in time', timeoutSeconds: 1 },
];

export interface RpcServer {
  app: App;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** What the server logged about RPC (late answers, …). */
  logs: string[];
  /** Disconnects every handler from the server side (the route stays: they may reconnect). */
  dropHandlers(): void;
  /** Resolves with the first log line matching `pattern`, now or later. */
  logged(pattern: RegExp): Promise<string>;
  close(): Promise<void>;
}

/** Starts the app on a free loopback port; `patch` edits the config further. */
export async function startRpcServer(
  patch: (config: ReturnType<typeof rawConfig>) => void = () => {},
): Promise<RpcServer> {
  const logs: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve(line: string): void }> = [];
  const log = (line: string) => {
    logs.push(line);
    for (const w of waiters.splice(0)) {
      if (w.pattern.test(line)) w.resolve(line);
      else waiters.push(w);
    }
  };
  const { app } = makeApp({
    env: API_KEY_ENV,
    rpc: { log },
    patch: (c) => {
      c.agents.shop.tools = RPC_TOOLS;
      c.agents.other = { model: 'offline' };
      c.apiKeys = [
        { id: 'backend', key: { env: 'RPC_TEST_KEY' }, agents: ['shop'] },
        { id: 'other', key: { env: 'RPC_OTHER_KEY' }, agents: ['other'] },
      ];
      patch(c);
    },
  });
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server)) as Server;
  });
  let socket = app.attachRpc(server);
  const { port } = server.address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    logs,
    dropHandlers() {
      socket.close();
      socket = app.attachRpc(server);
    },
    logged: (pattern) =>
      new Promise((resolve) => {
        const found = logs.find((l) => pattern.test(l));
        if (found) resolve(found);
        else waiters.push({ pattern, resolve });
      }),
    async close() {
      app.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
