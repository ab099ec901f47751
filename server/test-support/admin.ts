/** Admin API helpers for the server's tests. Not a test file. */
import type { Hono } from 'hono';
import type { AppOptions } from '../app.js';

export const ADMIN_KEY = 'admin-test-key-0123456789';

/** App options with the admin API on, keyed {@link ADMIN_KEY}. */
export function withAdmin(
  patch: (config: Record<string, any>) => void = () => {},
): Pick<AppOptions, 'env'> & { patch: (config: Record<string, any>) => void } {
  return {
    env: { WEBMCP_CHAT_TEST_ADMIN_KEY: ADMIN_KEY },
    patch: (c) => {
      c.adminKey = { env: 'WEBMCP_CHAT_TEST_ADMIN_KEY' };
      patch(c);
    },
  };
}

/** Calls the admin API with `key` (default {@link ADMIN_KEY}; `null` for no Authorization header). */
export function admin(
  app: Hono,
  method: string,
  path: string,
  body?: unknown,
  key: string | null = ADMIN_KEY,
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return Promise.resolve(
    app.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
  );
}
