import { connect } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, parseConfig } from './config/load.js';
import { rawConfig, init, makeApp, say, readFrames, types, TOKEN, ORIGIN } from './test-helpers.js';
import { admin, withAdmin } from './test-support/admin.js';

/** The `path: message` lines a config is refused with. */
function issuesOf(value: unknown): string[] {
  try {
    parseConfig(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('the config was accepted');
}

describe('reserved agent and surface ids', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'refuses %s as an agent id, a surface id and a surface agent, with the key path',
    (name) => {
      expect(issuesOf(rawConfig((c) => (c.agents[name] = { model: 'offline' })))).toEqual([
        `agents.${name}: "${name}" is a reserved name`,
      ]);
      expect(issuesOf(rawConfig((c) => (c.surfaces[name] = { ...c.surfaces.storefront, clientTokens: [] })))).toEqual([
        `surfaces.${name}: "${name}" is a reserved name`,
      ]);
      // A surface naming an inherited property as its agent used to pass (the lookup found Object's own).
      expect(issuesOf(rawConfig((c) => (c.surfaces.storefront.agent = name)))).toEqual([
        `surfaces.storefront.agent: no agent named "${name}"`,
      ]);
    },
  );

  it('refuses a __proto__ key instead of dropping it', () => {
    const text = JSON.stringify(rawConfig()).replace('"agents":{', '"agents":{"__proto__":{"model":"offline"},');
    expect(issuesOf(JSON.parse(text))).toEqual(['agents.__proto__: "__proto__" is a reserved name']);
  });

  it('refuses reserved surface ids and agents in the admin API', async () => {
    const { app } = makeApp(withAdmin());
    const surface = { agent: 'shop', clientTokens: [{ token: 'ct_test_other', allowedOrigins: ['http://x.test'] }] };
    const put = await admin(app, 'PUT', '/v1/admin/surfaces/constructor', surface);
    expect(put.status).toBe(400);
    expect(await put.json()).toMatchObject({
      error: 'invalid_surface_id',
      hint: 'id: "constructor" is a reserved name.',
    });
    const get = await admin(app, 'GET', '/v1/admin/surfaces/toString');
    expect(get.status).toBe(400);
    const badAgent = await admin(app, 'PUT', '/v1/admin/surfaces/kiosk', { ...surface, agent: 'constructor' });
    expect(badAgent.status).toBe(400);
    expect(await badAgent.json()).toMatchObject({ issues: ['agent: no agent named "constructor"'] });
  });

  it('chats on a surface whose agent is named like an everyday word that is not reserved', async () => {
    const { app } = makeApp({
      patch: (c) => {
        c.agents.toStringy = c.agents.shop;
        c.surfaces.storefront.agent = 'toStringy';
      },
    });
    const sessionId = await init(app);
    const res = await say(app, sessionId, 'hello');
    expect(res.status).toBe(200);
    expect(types(await readFrames(res))).toContain('execution_complete');
  });
});

describe('a client that abandons a request body', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is not logged as a server error', async () => {
    const errors: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args) => void errors.push(args));
    const { app } = makeApp();
    const closed = new Promise<void>((resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, async (info) => {
        const socket = connect(info.port, '127.0.0.1');
        socket.on('error', () => {});
        await new Promise((r) => socket.once('connect', r));
        const body = '{"clientToken":"' + TOKEN + '","pad":"';
        socket.write(
          `POST /v1/client/init HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${ORIGIN}\r\n` +
            `Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n${body}`,
        );
        // Let the server start reading the body, then vanish mid-body.
        server.once('request', (req) => {
          req.once('data', () => socket.destroy());
          req.once('close', () => setImmediate(() => server.close(() => resolve())));
        });
      });
    });
    await closed;
    // The handler's rejection is settled by the time the server has closed; give its microtasks a turn.
    await new Promise((r) => setImmediate(r));
    expect(errors.map((e) => String(e[0]))).toEqual([]);
  });
});
