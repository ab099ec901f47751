/**
 * HTTP-side metrics as one middleware: requests by route and status class, 429 refusals, the open
 * SSE streams (counted until the body ends or the client goes away) and, for resume routes, the
 * time from the request to the continuation's first byte.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Metrics } from './registry.js';

/** Passes `body` through, telling `onFirst` at its first chunk and `onEnd` once when it ends or is cancelled. */
function watched(body: ReadableStream<Uint8Array>, onFirst: () => void, onEnd: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let first = true;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          end();
          controller.close();
          return;
        }
        if (first) {
          first = false;
          onFirst();
        }
        controller.enqueue(value);
      } catch (error) {
        end();
        controller.error(error);
      }
    },
    async cancel(reason) {
      end();
      await reader.cancel(reason);
    },
  });
}

/** The HTTP metrics middleware. */
export function httpMetrics(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const route = routePath(c);
    const status = c.res.status;
    metrics.requests.inc({ method: c.req.method, route, status: `${Math.floor(status / 100)}xx` });
    if (status === 429) metrics.rateLimited.inc({ route });
    const body = c.res.body;
    if (!body || !c.res.headers.get('content-type')?.startsWith('text/event-stream')) return;
    const resume = c.req.method === 'POST' && c.req.path.endsWith('/resume');
    metrics.openStreams.inc();
    c.res = new Response(
      watched(
        body,
        () => {
          if (resume) metrics.resumeFirstByteSeconds.observe({ route }, (performance.now() - started) / 1000);
        },
        () => metrics.openStreams.dec(),
      ),
      c.res,
    );
  };
}
