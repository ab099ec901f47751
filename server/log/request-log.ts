/**
 * One line per HTTP request (`event: "http.request"`): method, route (the pattern that answered,
 * e.g. `/v1/admin/surfaces/:id`), path without its query (a search may hold a shopper's words),
 * status and duration until the response was ready (a stream's headers). No headers, no bodies.
 * A route that logs gets the request's child logger (made when first asked for: most requests never
 * log but their own line), so its lines carry the same request id.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from './logger.js';

const CONTEXT_KEY = 'log';
let counter = 0;

/** A request's id, and its child logger once a route asked for it. */
class RequestLogger {
  #child: Logger | undefined;
  constructor(
    readonly log: Logger,
    readonly requestId: string,
  ) {}
  get child(): Logger {
    return (this.#child ??= this.log.child({ requestId: this.requestId }));
  }
}

/** The logger of this request (set by {@link requestLog}), else `fallback`. */
export function logOf(c: Context, fallback?: Logger): Logger | undefined {
  return ((c.get as (key: string) => unknown)(CONTEXT_KEY) as RequestLogger | undefined)?.child ?? fallback;
}

/**
 * The request-log middleware. `lines: false` keeps the per-request child logger (routes still log
 * with their request id) but writes no request lines — for measuring what the lines cost.
 */
export function requestLog(log: Logger, options: { lines?: boolean } = {}): MiddlewareHandler {
  const lines = options.lines ?? true;
  return async (c, next) => {
    const started = performance.now();
    const requestId = `req_${(++counter).toString(36)}`;
    (c.set as (key: string, value: unknown) => void)(CONTEXT_KEY, new RequestLogger(log, requestId));
    await next();
    if (!lines || !log.isLevelEnabled('info')) return;
    const status = c.res.status;
    const ms = Math.round((performance.now() - started) * 100) / 100;
    const stream = c.res.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
    // The request id first, where a child logger's binding would put it.
    log[status >= 500 ? 'error' : 'info'](
      {
        requestId,
        event: 'http.request',
        method: c.req.method,
        route: routePath(c),
        path: c.req.path,
        status,
        ms,
        ...(stream ? { stream: true } : {}),
      },
      `${c.req.method} ${c.req.path} ${status}`,
    );
  };
}
