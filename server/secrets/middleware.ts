/**
 * Masks configured secret values in the JSON answers of operator routes (admin API, conversations):
 * a transcript or a tool result may quote one, and the operator needs no secret to read it.
 */
import type { MiddlewareHandler } from 'hono';

/** A middleware that rewrites a JSON response's text through `mask` when it holds a secret. */
export function maskJsonResponses(mask: (text: string) => string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.get('content-type')?.startsWith('application/json')) return;
    const text = await c.res.clone().text();
    const masked = mask(text);
    if (masked === text) return;
    const headers = new Headers(c.res.headers);
    headers.delete('content-length');
    c.res = new Response(masked, { status: c.res.status, headers });
  };
}
