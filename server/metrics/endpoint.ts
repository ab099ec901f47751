/**
 * Where the metrics are read: `GET /v1/admin/metrics` behind the admin key, and, when a metrics
 * port is set, `GET /metrics` on a listener of its own (for a scraper inside a private network
 * that should not hold the admin key). Both answer the Prometheus text exposition format.
 */
import { createServer, type Server } from 'node:http';
import type { Context } from 'hono';
import type { Metrics } from './registry.js';

/** A handler answering the exposition text. */
export function metricsRoute(metrics: Metrics): (c: Context) => Promise<Response> {
  return async (c) =>
    c.body(await metrics.registry.metrics(), 200, {
      'content-type': metrics.registry.contentType,
      'cache-control': 'no-store',
    });
}

/**
 * Serves `GET /metrics` on `port` (0 picks a free one); resolves with the server once listening.
 * Anything else is a 404.
 */
export function serveMetrics(metrics: Metrics, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics is served here.\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
