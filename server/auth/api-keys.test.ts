import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { ApiKeys } from './api-keys.js';
import { parseConfig } from '../config/load.js';
import { ApiError } from '../http/errors.js';

const config = parseConfig({
  agents: { shop: { model: 'offline' }, ops: { model: 'offline' } },
  surfaces: {},
  apiKeys: [
    { id: 'backend', key: { env: 'KEY_BACKEND' }, agents: ['shop'] },
    { id: 'ops', key: { env: 'KEY_OPS' }, agents: ['ops', 'shop'] },
    { id: 'unset', key: { env: 'KEY_UNSET' }, agents: ['shop'] },
  ],
});
const env = { KEY_BACKEND: 'sk_backend_1234567890', KEY_OPS: 'sk_ops_0987654321' };

function app(keys: ApiKeys, agent?: string) {
  const hono = new Hono();
  hono.onError((error, c) =>
    error instanceof ApiError ? c.json({ error: error.code }, error.status) : c.json({ error: 'other' }, 500),
  );
  hono.get('/', (c) => c.json(keys.authorize(c, agent)));
  return hono;
}

describe('API keys', () => {
  it('finds the holder of a key and the agents it may use', () => {
    const keys = new ApiKeys(config, env);
    expect(keys.find('Bearer sk_ops_0987654321')).toEqual({ id: 'ops', agents: ['ops', 'shop'] });
    expect(keys.find('bearer   sk_backend_1234567890 ')).toEqual({ id: 'backend', agents: ['shop'] });
  });

  it('knows no key that is unset, wrong, a prefix or sent without the Bearer scheme', () => {
    const keys = new ApiKeys(config, env);
    expect(keys.find(undefined)).toBeUndefined();
    expect(keys.find('Bearer sk_backend_123456789')).toBeUndefined();
    expect(keys.find('sk_backend_1234567890')).toBeUndefined();
    expect(keys.find('Basic sk_backend_1234567890')).toBeUndefined();
    expect(keys.find('Bearer ')).toBeUndefined();
  });

  it('is off when no key variable is set', () => {
    expect(new ApiKeys(config, {}).enabled).toBe(false);
    expect(new ApiKeys(config, env).enabled).toBe(true);
  });

  it('answers 401 without a valid key and 403 for an agent the key may not use', async () => {
    const keys = new ApiKeys(config, env);
    const missing = await app(keys, 'shop').request('/');
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'api_key_invalid' });
    const forbidden = await app(keys, 'ops').request('/', {
      headers: { authorization: 'Bearer sk_backend_1234567890' },
    });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: 'api_key_forbidden' });
    const ok = await app(keys, 'ops').request('/', { headers: { authorization: 'Bearer sk_ops_0987654321' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: 'ops', agents: ['ops', 'shop'] });
  });

  it('refuses a config whose key names an unknown agent or repeats an id', () => {
    expect(() =>
      parseConfig({
        agents: { shop: { model: 'offline' } },
        surfaces: {},
        apiKeys: [
          { id: 'a', key: { env: 'A' }, agents: ['nope'] },
          { id: 'a', key: { env: 'B' }, agents: ['shop'] },
        ],
      }),
    ).toThrow(/apiKeys\.0\.agents\.0: no agent named "nope"[\s\S]*apiKeys\.1\.id: API key id "a" is used twice/);
  });
});
