import type { MiddlewareHandler } from 'hono';

/**
 * CORS for the browser routes, answered only for origins some client token allows. Written by
 * hand (the built-in middleware knocks the Node adapter off its fast path). The per-token origin
 * check, the security boundary, happens in each route.
 */
export function browserCors(isAllowed: (origin: string) => boolean | Promise<boolean>): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const allowed = !!origin && (await isAllowed(origin));
    if (c.req.method === 'OPTIONS') {
      if (!allowed) return c.body(null, 403);
      return c.body(null, 204, {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': c.req.header('access-control-request-headers') ?? 'content-type',
        'access-control-max-age': '600',
        vary: 'Origin',
      });
    }
    await next();
    if (allowed) {
      c.res.headers.set('access-control-allow-origin', origin);
      // Scripts may only read response headers that are listed: the widget needs a 429's retry-after.
      c.res.headers.set('access-control-expose-headers', 'retry-after');
      c.res.headers.append('vary', 'Origin');
    }
    return undefined;
  };
}
