/**
 * Helpers for tests of the API-key path: a config with two keys and two agents, and request helpers
 * for `/v1/dispatch` and `/v1/dispatch/resume`. Not a test file.
 */
import type { Hono } from 'hono';
import { makeApp, type Frame, readFrames } from '../test-helpers.js';
import type { AppOptions } from '../app.js';

export const KEY = 'sk_test_backend_0123456789';
export const OTHER_KEY = 'sk_test_helper_0123456789';
export const ENV = { WEBMCP_CHAT_API_KEY: KEY, HELPER_API_KEY: OTHER_KEY };

/** Adds the keys (`backend` may use `shop`, `helper` may use `helper`) and a second agent. */
export function withKeys(patch: (config: Record<string, any>) => void = () => {}) {
  return (config: Record<string, any>) => {
    config.agents.helper = { model: 'offline' };
    config.apiKeys = [
      { id: 'backend', key: { env: 'WEBMCP_CHAT_API_KEY' }, agents: ['shop'] },
      { id: 'helper', key: { env: 'HELPER_API_KEY' }, agents: ['helper'] },
    ];
    patch(config);
  };
}

/** An app with the keys configured. */
export function dispatchApp(options: Partial<AppOptions> & { patch?: (config: Record<string, any>) => void } = {}) {
  return makeApp({ ...options, patch: withKeys(options.patch), env: { ...ENV, ...options.env } });
}

/** POSTs JSON to a dispatch route with `Authorization: Bearer <key>` (`null`: no header). */
export function send(
  app: Hono,
  path: '/v1/dispatch' | '/v1/dispatch/resume',
  body: unknown,
  key: string | null = KEY,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
      body: JSON.stringify(body),
    }),
  );
}

/** A dispatch to the `shop` agent with one user message. */
export function dispatch(app: Hono, text: string, extra: Record<string, unknown> = {}, key: string | null = KEY) {
  return send(
    app,
    '/v1/dispatch',
    { agent: { id: 'shop' }, messages: [{ role: 'user', content: text }], ...extra },
    key,
  );
}

/** A resume of `executionId` with `toolOutputs`. */
export function resumeRun(
  app: Hono,
  executionId: string,
  toolOutputs: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  key: string | null = KEY,
) {
  return send(app, '/v1/dispatch/resume', { executionId, toolOutputs, ...extra }, key);
}

/** The frames of a streamed answer (checked against the wire schema by `readFrames`). */
export function framesOf(res: Response | Promise<Response>): Promise<Frame[]> {
  return Promise.resolve(res).then(readFrames);
}

/** An `sdk` client tool. */
export function sdkTool(name: string, parametersSchema: Record<string, unknown> = { type: 'object', properties: {} }) {
  return { name, description: `The ${name} tool.`, parametersSchema, origin: 'sdk' as const };
}
