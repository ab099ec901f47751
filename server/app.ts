/**
 * The server as a web-standard app: `createApp(...)` returns a Hono app whose `fetch`/`request`
 * handle everything, so tests call it in-process and `cli.ts` puts it behind Node's HTTP server.
 */
import { Hono } from 'hono';
import { ConfigError, readSecret } from './config/load.js';
import type { Config } from './config/schema.js';
import { Engine, type AgentRuntime } from './engine/engine.js';
import { buildServerTools, toolSecretProblems } from './tools/index.js';
import { startExpirySweep } from './engine/expiry.js';
import { startRetentionSweep } from './engine/retention.js';
import { warnTo } from './engine/warn.js';
import { DEFAULT_FOLLOW, type FollowOptions } from './engine/follow.js';
import { adminAuth } from './http/admin-auth.js';
import { serveConsole } from './http/console-files.js';
import { browserCors } from './http/cors.js';
import { ApiError, errorBody } from './http/errors.js';
import { RateLimits } from './http/rate-limit.js';
import { sharedLimiters } from './http/shared-limits.js';
import { TrustedProxies } from './http/client-address.js';
import { serveWidget } from './http/widget-files.js';
import { createModel, type ModelAdapter } from './models/index.js';
import { adminRoutes } from './routes/admin.js';
import { clientRoutes } from './routes/client.js';
import { dispatchRoutes, refuseApiKeys } from './routes/dispatch.js';
import { ApiKeys } from './auth/index.js';
import { RunSecrets } from './dispatch/run-secrets.js';
import { conversationRoutes } from './routes/conversations.js';
import { StoreBusyError, type Store } from './store/index.js';
import { maskJsonResponses, secretMasker } from './secrets/index.js';
import { Surfaces } from './surfaces.js';
import { checkWebhookSecrets, Webhooks, type DeliveryOptions } from './webhooks/index.js';
import { createLogger, fanOut, requestLog, runLog, type Logger } from './log/index.js';
import { createMetrics, httpMetrics, metricsObserver, metricsRoute, type Metrics } from './metrics/index.js';
import { ERROR_CODES } from '../bridge/protocol/index.js';
import type { Server } from 'node:http';
import { attachRpcSocket, RpcService } from './rpc/index.js';
import { PostgresStore } from './store/postgres.js';
import { OriginTally } from './routes/origin-tally.js';

export const VERSION = '0.1.0';

export interface AppOptions {
  config: Config;
  store: Store;
  /** Overrides model creation (tests). */
  createModel?: (agentId: string, config: Config['agents'][string]) => ModelAdapter;
  /** File served at `/webmcp-chat.js` (the built widget), when it exists. */
  widgetFile?: string;
  /** Keep-alive comment interval for streams. */
  pingMs?: number;
  /** Where `{env}` secrets (the admin key, model API keys) are read from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Where real model adapters send their HTTP requests; default the global `fetch`. */
  modelFetch?: typeof fetch;
  /** How often stale paused runs are marked expired (default 60 s; 0 turns the sweep off). */
  expirySweepMs?: number;
  /** Sweep for runs stranded by a dead process every heartbeat interval (default true). */
  takeoverSweep?: boolean;
  /** How often the retention sweep runs (default 10 minutes; 0 turns it off). */
  retentionSweepMs?: number;
  /** How often admin edits made by other instances are re-read from the store (default 5 s). */
  surfaceRefreshMs?: number;
  /** How `/v1/client/stream` polls the store for a run executing elsewhere. */
  follow?: Partial<FollowOptions>;
  /** Webhook delivery: backoff, per-attempt timeout, queue size (tests shorten them). */
  webhooks?: Partial<DeliveryOptions>;
  /** Where the JSON log lines go; default a logger at `$LOG_LEVEL`, else `warn`, on stdout. */
  logger?: Logger;
  /** Write one `http.request` line per request at `info` (default true). */
  requestLines?: boolean;
  /** The Prometheus metrics; default a fresh registry of this app's own. */
  metrics?: Metrics;
  /** Backend RPC handlers: presence heartbeat between instances, handler ping interval, log sink (tests). */
  rpc?: { heartbeatMs?: number; pingMs?: number; log?: (line: string) => void };
}

/** The app: a Hono app (`fetch`, `request`) plus `close()`, which stops its background timers. */
export type App = Hono & {
  /** This app's logger. */
  log: Logger;
  /** This app's metrics (also at `GET /v1/admin/metrics`). */
  metrics: Metrics;
  /** Stops the paused-run expiry sweep and webhook sending (waiting messages stay in the store's outbox). The store is the caller's to close. */
  close(): void;
  /**
   * Graceful shutdown: waits up to `graceMs` for runs working in this process to end, stops the
   * rest (they end with `execution_error` `server_shutdown`), then `close()`s. Close the store after.
   */
  shutdown(graceMs?: number): Promise<void>;
  /** Serves `GET /v1/rpc` (backend RPC handlers, a WebSocket upgrade) on the Node HTTP server; `close()` drops them. */
  attachRpc(server: Server): { close(): void };
};

/**
 * Builds the server and starts its paused-run expiry sweep (an `unref`'d timer; see `close()`).
 *
 * @example
 * const app = createApp({ config, store: await openStore(config.store) });
 * serve({ fetch: app.fetch, port: 8787 });
 */
export function createApp(options: AppOptions): App {
  const { config, store } = options;
  const log = options.logger ?? createLogger({ level: (options.env ?? process.env).LOG_LEVEL || 'warn' });
  const metrics = options.metrics ?? createMetrics();
  const surfaces = new Surfaces(config, store, {
    ...(options.surfaceRefreshMs === undefined ? {} : { refreshMs: options.surfaceRefreshMs }),
    warn: (message, error) =>
      log.warn({ event: 'surfaces.warning', ...(error ? { error: String(error) } : {}) }, message),
  });
  const adminKey = readSecret(config.adminKey, options.env);
  const env = options.env ?? process.env;
  const warn = (message: string) => log.warn({ event: 'config.warning' }, message);
  const secretProblems = [
    ...checkWebhookSecrets(config.surfaces, env),
    ...toolSecretProblems(config.agents, env, warn),
  ];
  if (secretProblems.length > 0) throw new ConfigError('(environment)', secretProblems);
  if (config.adminKey && !adminKey) warn(`adminKey: $${config.adminKey.env} is not set; the admin API is off`);
  // Built once from every configured secret value: applied to what the server stores and logs.
  const masker = secretMasker(config, env);
  const mask = (text: string) => masker.mask(text);
  const apiKeys = new ApiKeys(config, env, warn);
  const rpc = new RpcService({
    ...(store instanceof PostgresStore ? { pool: store.pool } : {}),
    ...(options.rpc?.heartbeatMs ? { heartbeatMs: options.rpc.heartbeatMs } : {}),
    ...(options.rpc?.log ? { log: options.rpc.log } : {}),
  });
  const sockets: Array<{ close(): void }> = [];
  const agents = new Map<string, AgentRuntime>();
  for (const [id, agent] of Object.entries(config.agents)) {
    agents.set(id, {
      id,
      model: options.createModel
        ? options.createModel(id, agent)
        : createModel(agent.model, {
            where: `agents.${id}.model`,
            ...(options.env ? { env: options.env } : {}),
            ...(options.modelFetch ? { fetch: options.modelFetch } : {}),
          }),
      maxSteps: agent.maxSteps,
      maskLongest: masker.longest,
      history: agent.history,
      mask,
      ...(agent.instructions ? { instructions: agent.instructions } : {}),
    });
  }
  for (const [id, agent] of Object.entries(config.agents)) {
    agents.get(id)!.serverTools = buildServerTools(agent, {
      env,
      agent: (other) => agents.get(other)!,
      rpc: rpc.caller(id),
    });
  }
  const webhooks = new Webhooks(
    surfaces,
    env,
    { log: (message) => log.warn({ event: 'webhook.warning' }, message), ...options.webhooks },
    mask,
    store.outbox,
  );
  const engine = new Engine(store, fanOut([webhooks, runLog(log, mask), metricsObserver(metrics)], log, mask), {
    heartbeatMs: config.runs.heartbeatMs,
    mask,
    log,
  });
  const app = new Hono();
  app.use(requestLog(log, { lines: options.requestLines ?? true }), httpMetrics(metrics));

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(errorBody(error.code, error.hint), error.status, { ...error.headers });
    if (error instanceof StoreBusyError)
      return c.json(errorBody(ERROR_CODES.storeUnavailable, 'The store is busy; try again shortly.'), 503);
    // Masked, and without the error object: a stack or a cause may quote a secret.
    log.error(
      {
        event: 'http.unhandled_error',
        error: mask(error instanceof Error ? (error.stack ?? error.message) : String(error)),
      },
      'unhandled error',
    );
    return c.json(errorBody(ERROR_CODES.internalError, 'The server hit an unexpected error.'), 500);
  });
  app.notFound((c) => c.json(errorBody(ERROR_CODES.notFound, `No route for ${c.req.method} ${c.req.path}.`), 404));

  // Public: no provider hosts or ports (a model's label names them); those are behind the admin key.
  app.get('/v1/health', (c) =>
    c.json({
      ok: true,
      version: VERSION,
      store: store.kind,
      agents: Object.fromEntries(
        // The offline model's label says it is not AI; a real model's label names its host.
        [...agents].map(
          ([
            id,
            {
              model: { info },
            },
          ]) => [id, { model: info.offline ? info : { id: info.id, offline: info.offline } }],
        ),
      ),
    }),
  );

  // Readiness for a load balancer: 200 once the store answers a read, 503 while it does not.
  app.get('/v1/ready', async (c) => {
    try {
      await store.getSetting('ready');
      return c.json({ ok: true, store: store.kind });
    } catch {
      return c.json(errorBody(ERROR_CODES.storeUnavailable, `The ${store.kind} store did not answer a read.`), 503);
    }
  });

  const pausedTtlMs = config.runs.pausedTtlMinutes * 60_000;
  app.use('/v1/client/*', refuseApiKeys(apiKeys));
  const proxies = new TrustedProxies(config.limits.trustedProxies);
  const origins = new OriginTally(store);
  app.use(
    '/v1/client/*',
    browserCors(async (origin) => (await surfaces.current()).anyTokenAllows(origin)),
  );
  app.route(
    '/v1/client',
    clientRoutes({
      store,
      origins,
      warn: warnTo(log, mask),
      surfaces,
      engine,
      agent: (id) => {
        const agent = agents.get(id);
        if (!agent) throw new ApiError(500, ERROR_CODES.agentMissing, `No agent "${id}" is configured.`);
        return agent;
      },
      limits: new RateLimits(config.limits, sharedLimiters(store)),
      clientAddress: (c) => proxies.of(c),
      sessionTtlMs: config.sessions.ttlMinutes * 60_000,
      pausedTtlMs,
      follow: { ...DEFAULT_FOLLOW, ...options.follow },
      ...(options.pingMs ? { pingMs: options.pingMs } : {}),
    }),
  );

  // No CORS middleware here: the API-key path is for servers and processes, never for pages.
  app.route(
    '/v1/dispatch',
    dispatchRoutes({
      store,
      engine,
      apiKeys,
      agent: (id) => agents.get(id),
      allowedHosts: config.dispatch.allowedHosts,
      sessionTtlMs: config.sessions.ttlMinutes * 60_000,
      pausedTtlMs,
      secrets: new RunSecrets(pausedTtlMs),
      ...(options.pingMs ? { pingMs: options.pingMs } : {}),
    }),
  );

  app.use('/v1/admin/*', adminAuth(adminKey), maskJsonResponses(mask));
  app.get('/v1/admin/health', (c) =>
    c.json({
      ok: true,
      version: VERSION,
      store: store.kind,
      agents: Object.fromEntries([...agents].map(([id, a]) => [id, { model: a.model.info }])),
      secretsMasked: masker.size,
    }),
  );
  app.get('/v1/admin/metrics', metricsRoute(metrics));
  // The RPC handlers connected here and, with PostgreSQL, to the other instances.
  app.get('/v1/admin/rpc', (c) => c.json(rpc.describe()));
  app.route('/v1/admin', adminRoutes({ store, origins, surfaces, agents: config.agents }));
  // `/*` covers `/v1/conversations` itself too.
  app.use('/v1/conversations/*', adminAuth(adminKey), maskJsonResponses(mask));
  app.route(
    '/v1/conversations',
    conversationRoutes({ store, serverTools: (agentId) => agents.get(agentId)?.serverTools ?? [], mask }),
  );

  app.get('/v1/rpc', (c) =>
    c.json(
      errorBody(ERROR_CODES.rpcUpgradeRequired, 'Connect with a WebSocket upgrade (the SDK’s createRpcHandler does).'),
      426,
    ),
  );

  serveWidget(app, options.widgetFile);
  serveConsole(app, options.widgetFile);

  const sweepMs = options.expirySweepMs ?? 60_000;
  const stopSweep = sweepMs > 0 ? startExpirySweep(store, pausedTtlMs, sweepMs, log) : () => {};
  const stopTakeovers = options.takeoverSweep === false ? () => {} : engine.takeovers.start();
  const retentionMs = options.retentionSweepMs ?? 600_000;
  const stopRetention =
    retentionMs > 0 ? startRetentionSweep(store, config.retention, retentionMs, warnTo(log, mask)) : () => {};
  const close = () => {
    stopSweep();
    stopTakeovers();
    stopRetention();
    webhooks.close();
    // The counts still in memory; a failing store loses them (they are diagnostics).
    void origins.flush().catch(() => {});
    for (const socket of sockets.splice(0)) socket.close();
    void rpc.close();
  };
  return Object.assign(app, {
    log,
    metrics,
    close,
    shutdown: async (graceMs = 10_000) => {
      const started = Date.now();
      log.info({ event: 'server.shutdown', graceMs }, 'shutting down: letting running runs finish');
      await engine.drain(graceMs);
      await origins.flush().catch(() => {});
      close();
      await rpc.close();
      log.info({ event: 'server.stopped', ms: Date.now() - started }, 'runs drained, timers stopped');
    },
    attachRpc: (server: Server) => {
      const rpcTools = (agent: string) =>
        config.agents[agent] && new Set(config.agents[agent].tools.filter((t) => t.type === 'rpc').map((t) => t.name));
      const socket = attachRpcSocket(server, {
        service: rpc,
        apiKeys,
        declared: (agent) => (Object.hasOwn(config.agents, agent) ? rpcTools(agent) : undefined),
        ...(options.rpc?.pingMs ? { pingMs: options.rpc.pingMs } : {}),
      });
      sockets.push(socket);
      return socket;
    },
  });
}
