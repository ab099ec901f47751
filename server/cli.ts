/**
 * `webmcp-chat-server [--config <file>] [--port <n>] [--host <name>]` (from a checkout: `npm run
 * server -- …`): loads and validates the config, opens the store and serves the app on Node's HTTP
 * server.
 *
 * - the config: `--config`, else `$WEBMCP_CHAT_CONFIG`, else the demo config (offline model, memory store);
 * - the address: `--port`/`--host`, else `$PORT`/`$HOST`, else 8787 on `localhost` (in a container set
 *   `HOST=0.0.0.0`, as the Dockerfile does);
 * - the log: JSON lines on stdout at `--log-level`, else `$LOG_LEVEL`, else `info` (`LOG_REQUESTS=0`
 *   leaves out the per-request lines);
 * - metrics: always at `GET /v1/admin/metrics` (admin key); `--metrics-port`/`$METRICS_PORT` adds
 *   `GET /metrics` without a key on a port of its own (bound to the same host).
 */
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/load.js';
import { openStore } from './store/index.js';
import { createLogger, type Logger } from './log/index.js';
import { serveMetrics } from './metrics/index.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

let log: Logger | undefined;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string', default: process.env.WEBMCP_CHAT_CONFIG || here('./config/demo.json') },
      port: { type: 'string', default: process.env.PORT || '8787' },
      host: { type: 'string', default: process.env.HOST || 'localhost' },
      // How long a shutdown (SIGTERM/SIGINT) lets running runs finish before ending them.
      grace: { type: 'string', default: '10000' },
      'log-level': { type: 'string', default: process.env.LOG_LEVEL || 'info' },
      'metrics-port': { type: 'string', default: process.env.METRICS_PORT || '' },
    },
  });
  log = createLogger({ level: values['log-level'] });
  // The process's own start and stop lines are written at any level but `silent`: scripts and
  // operators wait for "listening on".
  const life = log.level === 'silent' || log.isLevelEnabled('info') ? log : log.child({}, { level: 'info' });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got "${values.port}"`);
  const config = loadConfig(values.config);
  const store = await openStore(config.store);
  // From a checkout this is the repository's dist/; in the server package, the folder of this file.
  const app = createApp({
    config,
    store,
    widgetFile: here('../dist/webmcp-chat.js'),
    logger: log,
    // `LOG_REQUESTS=0` drops the per-request lines (e.g. when the load balancer logs requests).
    requestLines: process.env.LOG_REQUESTS !== '0',
  });
  // The metrics port first: once "listening on" is printed, everything is up.
  const metricsPort = values['metrics-port'] ? Number(values['metrics-port']) : undefined;
  if (metricsPort !== undefined && (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535))
    throw new Error(`--metrics-port must be a port number, got "${values['metrics-port']}"`);
  const metricsServer =
    metricsPort === undefined ? undefined : await serveMetrics(app.metrics, metricsPort, values.host);
  if (metricsServer) {
    const address = metricsServer.address();
    const bound = typeof address === 'object' && address ? address.port : metricsPort;
    life.info({ event: 'metrics.listening', host: values.host, port: bound }, `metrics on :${bound}/metrics`);
  }
  const server = serve({ fetch: app.fetch, port, hostname: values.host }, (info) => {
    life.info(
      { event: 'server.listening', host: values.host, port: info.port, config: values.config, store: store.kind },
      // The URL is followed by a space: scripts read it from the line with a regular expression.
      `webmcp-chat server listening on http://${values.host}:${info.port} (store ${store.kind})`,
    );
  });
  // `serve` returns Node's HTTP server here (no `createServer` option given).
  app.attachRpc(server as Server);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    life.info({ event: 'server.signal', signal }, `${signal}: stopping`);
    // Stop taking requests, let running runs finish (or end them cleanly), then close the store.
    server.close();
    metricsServer?.close();
    void app
      .shutdown(Number(values.grace) || 0)
      .then(() => store.close())
      .then(() => life.info({ event: 'server.exit' }, 'store closed; exiting'))
      .finally(() => log!.flush(() => process.exit(0)));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // A config error is for a person reading a terminal: its message lists the key paths.
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
  (log ?? createLogger({ level: 'error' })).fatal({ event: 'server.start_failed' }, message);
  process.exit(1);
});
