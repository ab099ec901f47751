/**
 * `webmcp-chat-server [--config <file>] [--port <n>] [--host <name>]` (from a checkout: `npm run
 * server -- …`): loads and validates the config, opens the store and serves the app on Node's HTTP
 * server.
 *
 * - the config: `--config`, else `$WEBMCP_CHAT_CONFIG`, else the demo config (offline model, memory store);
 * - the address: `--port`/`--host`, else `$PORT`/`$HOST`, else 8787 on `localhost` (in a container set
 *   `HOST=0.0.0.0`, as the Dockerfile does).
 */
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/load.js';
import { openStore } from './store/index.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string', default: process.env.WEBMCP_CHAT_CONFIG || here('./config/demo.json') },
      port: { type: 'string', default: process.env.PORT || '8787' },
      host: { type: 'string', default: process.env.HOST || 'localhost' },
      // How long a shutdown (SIGTERM/SIGINT) lets running runs finish before ending them.
      grace: { type: 'string', default: '10000' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got "${values.port}"`);
  const config = loadConfig(values.config);
  const store = await openStore(config.store);
  // From a checkout this is the repository's dist/; in the server package, the folder of this file.
  const app = createApp({ config, store, widgetFile: here('../dist/webmcp-chat.js') });
  const server = serve({ fetch: app.fetch, port, hostname: values.host }, (info) => {
    console.log(
      `webmcp-chat server listening on http://${values.host}:${info.port} (config ${values.config}, store ${store.kind})`,
    );
  });
  // `serve` returns Node's HTTP server here (no `createServer` option given).
  app.attachRpc(server as Server);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Stop taking requests, let running runs finish (or end them cleanly), then close the store.
    server.close();
    void app
      .shutdown(Number(values.grace) || 0)
      .then(() => store.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
