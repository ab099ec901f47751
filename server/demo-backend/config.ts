/**
 * Where the demo config expects the demo backend, and how to point a copy of that config at a
 * backend on another port (tests and `DEMO_BACKEND_PORT` use a free or chosen port).
 */

/** The port `server/config/demo.json` names for the demo backend. */
export const DEMO_BACKEND_PORT = 8788;

/** The origin the demo config's tool URLs start with. */
export const DEMO_BACKEND_ORIGIN = `http://127.0.0.1:${DEMO_BACKEND_PORT}`;

/** The environment variables the demo agent reads its tool secrets from. */
export const DEMO_SECRET_ENV = { shippingKey: 'SHIPPING_KEY', webhookSecret: 'ORDER_TOOL_SECRET' } as const;

type RawConfig = { agents?: Record<string, { tools?: Array<{ url?: unknown }> }> };

/**
 * A copy of a raw (not yet validated) config whose server-tool URLs on the demo backend's origin
 * point at `origin` instead.
 */
export function withBackendOrigin<T>(config: T, origin: string): T {
  const copy = structuredClone(config) as T & RawConfig;
  for (const agent of Object.values(copy.agents ?? {})) {
    for (const tool of agent.tools ?? []) {
      if (typeof tool.url === 'string' && tool.url.startsWith(`${DEMO_BACKEND_ORIGIN}/`))
        tool.url = origin + tool.url.slice(DEMO_BACKEND_ORIGIN.length);
    }
  }
  return copy;
}
