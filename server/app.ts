/**
 * The server as a web-standard app: `createApp(...)` returns a Hono app whose `fetch`/`request`
 * handle everything, so tests call it in-process and `cli.ts` puts it behind Node's HTTP server.
 */
import { Hono } from 'hono';
import type { Config } from './config/schema.js';
import { Engine, type AgentRuntime } from './engine/engine.js';
import { browserCors } from './http/cors.js';
import { ApiError, errorBody } from './http/errors.js';
import { serveWidget } from './http/widget-files.js';
import { createModel, type ModelAdapter } from './models/index.js';
import { clientRoutes } from './routes/client.js';
import type { Store } from './store/index.js';
import { Surfaces } from './surfaces.js';

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
}

export function createApp(options: AppOptions): Hono {
  const { config, store } = options;
  const surfaces = new Surfaces(config);
  const agents = new Map<string, AgentRuntime>();
  for (const [id, agent] of Object.entries(config.agents)) {
    agents.set(id, {
      id,
      model: options.createModel ? options.createModel(id, agent) : createModel(agent.model),
      maxSteps: agent.maxSteps,
      ...(agent.instructions ? { instructions: agent.instructions } : {}),
    });
  }
  const engine = new Engine(store);
  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(errorBody(error.code, error.hint), error.status);
    console.error('[webmcp-chat] unhandled error', error);
    return c.json(errorBody('internal_error', 'The server hit an unexpected error.'), 500);
  });
  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404));

  app.get('/v1/health', (c) =>
    c.json({
      ok: true,
      version: VERSION,
      store: store.kind,
      agents: Object.fromEntries([...agents].map(([id, a]) => [id, { model: a.model.info }])),
    }),
  );

  app.use('/v1/client/*', browserCors((origin) => surfaces.anyTokenAllows(origin)));
  app.route(
    '/v1/client',
    clientRoutes({
      store,
      surfaces,
      engine,
      agent: (id) => {
        const agent = agents.get(id);
        if (!agent) throw new ApiError(500, 'agent_missing', `No agent "${id}" is configured.`);
        return agent;
      },
      sessionTtlMs: config.sessions.ttlMinutes * 60_000,
      pausedTtlMs: config.runs.pausedTtlMinutes * 60_000,
      ...(options.pingMs ? { pingMs: options.pingMs } : {}),
    }),
  );

  serveWidget(app, options.widgetFile);

  return app;
}
