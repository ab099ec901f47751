import { describe, expect, it } from 'vitest';
import { sameKey } from '../http/admin-auth.js';
import { MemoryStore } from '../store/index.js';
import {
  GET_CART,
  ORIGIN,
  SEARCH_PRODUCTS,
  TOKEN,
  expectError,
  init,
  makeApp,
  post,
  readFrames,
  say,
} from '../test-helpers.js';
import { ADMIN_KEY, admin, withAdmin } from '../test-support/admin.js';

const ROUTES: Array<[string, string, unknown?]> = [
  ['GET', '/v1/admin/surfaces'],
  ['GET', '/v1/admin/surfaces/storefront'],
  [
    'PUT',
    '/v1/admin/surfaces/kiosk',
    { agent: 'shop', clientTokens: [{ token: 'ct_test_kiosk', allowedOrigins: ['http://kiosk.test'] }] },
  ],
  ['POST', '/v1/admin/surfaces/storefront/allow', { origin: 'http://kiosk.test', tool: 'get_cart' }],
  ['DELETE', '/v1/admin/surfaces/storefront'],
  ['GET', '/v1/admin/tools'],
  ['GET', '/v1/admin/origins?surface=storefront'],
  ['GET', '/v1/admin/activity'],
  ['GET', '/v1/admin/audit'],
];

/** The storefront surface as the config file has it, for PUTs that change one thing. */
const storefront = (patch: (s: Record<string, any>) => void = () => {}) => {
  const surface: Record<string, any> = {
    agent: 'shop',
    welcomeMessage: 'Hi from the test shop.',
    clientTokens: [{ token: TOKEN, allowedOrigins: [ORIGIN] }],
    behavior: { webmcp: { enabled: true, allowlist: [{ origin: '*', tools: ['search_*'] }] } },
  };
  patch(surface);
  return surface;
};

describe('admin API authentication', () => {
  it('does not exist without an adminKey, or when its variable is unset', async () => {
    const off = makeApp().app;
    const unset = makeApp({ ...withAdmin(), env: {} }).app;
    for (const app of [off, unset]) {
      for (const [method, path, body] of ROUTES) {
        await expectError(admin(app, method, path, body), 404, 'not_found');
        await expectError(admin(app, method, path, body, null), 404, 'not_found');
      }
    }
  });

  it('refuses every route without the right key with 401 admin_key_invalid, and serves it with the key', async () => {
    const { app } = makeApp(withAdmin());
    const wrong = [null, '', 'nope', ADMIN_KEY.slice(0, -1), `${ADMIN_KEY}x`, ADMIN_KEY.toUpperCase()];
    for (const [method, path, body] of ROUTES) {
      for (const key of wrong) {
        const res = await admin(app, method, path, body, key);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        await expectError(res, 401, 'admin_key_invalid');
      }
      const headers = [`Basic ${ADMIN_KEY}`, `Bearer`, `Bearer ${ADMIN_KEY} extra`, ADMIN_KEY];
      for (const authorization of headers) {
        await expectError(app.request(path, { method, headers: { authorization } }), 401, 'admin_key_invalid');
      }
      expect((await admin(app, method, path, body)).status).toBeLessThan(300);
    }
  });

  it('compares keys by digest, whatever their lengths', () => {
    expect(sameKey(ADMIN_KEY, ADMIN_KEY)).toBe(true);
    expect(sameKey('', ADMIN_KEY)).toBe(false);
    expect(sameKey('x'.repeat(10_000), ADMIN_KEY)).toBe(false);
  });
});

describe('admin API: surfaces', () => {
  it('lists the effective surfaces with their tokens, origins and webmcp rules', async () => {
    const { app } = makeApp(withAdmin((c) => delete c.surfaces.storefront.behavior));
    const body = (await (await admin(app, 'GET', '/v1/admin/surfaces')).json()) as { surfaces: unknown[] };
    expect(body.surfaces).toEqual([
      {
        id: 'storefront',
        source: 'config',
        agent: 'shop',
        welcomeMessage: 'Hi from the test shop.',
        clientTokens: [{ token: TOKEN, allowedOrigins: [ORIGIN] }],
        behavior: { webmcp: { enabled: false } },
      },
    ]);
  });

  it('lets an origin in as soon as a PUT adds it', async () => {
    const { app } = makeApp(withAdmin());
    const origin = 'http://new.test';
    await expectError(post(app, '/v1/client/init', { token: TOKEN }, { origin }), 403, 'origin_not_allowed');
    const res = await admin(
      app,
      'PUT',
      '/v1/admin/surfaces/storefront',
      storefront((s) => s.clientTokens[0].allowedOrigins.push(origin)),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { surface: { source: string } }).surface.source).toBe('admin');
    expect(await init(app, { origin })).toMatch(/^cs_/);
    // the CORS preflight knows it too
    const preflight = await app.request('/v1/client/init', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
  });

  it('admits a tool on the next chat once a PUT changes the webmcp rule', async () => {
    const { app, store } = makeApp(
      withAdmin((c) => (c.surfaces.storefront.behavior.webmcp.allowlist = [{ origin: '*', tools: ['search_*'] }])),
    );
    const sessionId = await init(app);
    const toolsOf = async (text: string) => {
      const frames = await readFrames(await say(app, sessionId, text, { clientTools: [SEARCH_PRODUCTS, GET_CART] }));
      return (await store.getRun(frames[0]!.data.executionId))!.tools.map((t) => t.name);
    };
    expect(await toolsOf('/echo before')).toEqual(['search_products']);
    await admin(
      app,
      'PUT',
      '/v1/admin/surfaces/storefront',
      storefront((s) => s.behavior.webmcp.allowlist[0].tools.push('get_cart')),
    );
    expect(await toolsOf('/echo after')).toEqual(['search_products', 'get_cart']);
    const init2 = (await (await post(app, '/v1/client/init', { token: TOKEN, sessionId })).json()) as {
      config: { webmcp: unknown };
    };
    expect(init2.config.webmcp).toMatchObject({
      enabled: true,
      allowlist: [{ origin: '*', tools: ['search_*', 'get_cart'] }],
    });
  });

  it('creates a surface with 201, serves its token, and deletes it (its sessions with it)', async () => {
    const { app } = makeApp(withAdmin());
    const kiosk = {
      agent: 'shop',
      welcomeMessage: 'Kiosk',
      clientTokens: [{ token: 'ct_test_kiosk', allowedOrigins: ['http://kiosk.test'] }],
    };
    const created = await admin(app, 'PUT', '/v1/admin/surfaces/kiosk', kiosk);
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      surface: { id: 'kiosk', source: 'admin', ...kiosk, behavior: { webmcp: { enabled: false } } },
    });
    const sessionId = await init(app, { token: 'ct_test_kiosk', origin: 'http://kiosk.test' });
    expect((await admin(app, 'GET', '/v1/admin/surfaces/kiosk')).status).toBe(200);

    expect(await (await admin(app, 'DELETE', '/v1/admin/surfaces/kiosk')).json()).toEqual({ deleted: 'kiosk' });
    await expectError(
      post(app, '/v1/client/init', { token: 'ct_test_kiosk' }, { origin: 'http://kiosk.test' }),
      401,
      'invalid_client_token',
    );
    await expectError(
      say(app, sessionId, '/echo hi', {}, { origin: 'http://kiosk.test' }),
      401,
      'invalid_client_token',
    );
    await expectError(admin(app, 'DELETE', '/v1/admin/surfaces/kiosk'), 404, 'surface_not_found');
    await expectError(admin(app, 'GET', '/v1/admin/surfaces/kiosk'), 404, 'surface_not_found');
  });

  it('deletes a config-file surface until it is PUT again', async () => {
    const { app } = makeApp(withAdmin());
    await admin(app, 'DELETE', '/v1/admin/surfaces/storefront');
    await expectError(post(app, '/v1/client/init', { token: TOKEN }), 401, 'invalid_client_token');
    expect(
      ((await (await admin(app, 'GET', '/v1/admin/surfaces')).json()) as { surfaces: unknown[] }).surfaces,
    ).toEqual([]);
    expect((await admin(app, 'PUT', '/v1/admin/surfaces/storefront', storefront())).status).toBe(201);
    expect(await init(app)).toMatch(/^cs_/);
  });

  it('shares edits with another instance on the same store', async () => {
    const store = new MemoryStore();
    const a = makeApp({ ...withAdmin(), store }).app;
    const b = makeApp({ store, surfaceRefreshMs: 0 }).app;
    const origin = 'http://new.test';
    await expectError(post(b, '/v1/client/init', { token: TOKEN }, { origin }), 403, 'origin_not_allowed');
    await admin(
      a,
      'PUT',
      '/v1/admin/surfaces/storefront',
      storefront((s) => s.clientTokens[0].allowedOrigins.push(origin)),
    );
    expect(await init(b, { origin })).toMatch(/^cs_/);
  });

  it('validates a PUT with the config file’s schema, answering every problem with its path', async () => {
    const { app } = makeApp(
      withAdmin(
        (c) =>
          (c.surfaces.other = { agent: 'shop', clientTokens: [{ token: 'ct_test_other', allowedOrigins: [ORIGIN] }] }),
      ),
    );
    const issues = async (body: unknown, path = '/v1/admin/surfaces/kiosk') => {
      const res = await admin(app, 'PUT', path, body);
      const json = (await res.clone().json()) as { issues?: string[]; hint?: string };
      await expectError(res, 400, 'invalid_request');
      expect(json.hint).toBe(json.issues![0]);
      return json.issues!;
    };
    expect(await issues({ agent: 'nobody' })).toEqual(['agent: no agent named "nobody"']);
    expect(await issues({ agent: 'shop', colour: 'red' })).toEqual(['colour: unknown key']);
    const bad = await issues({ agent: 'shop', clientTokens: [{ token: 'demo', allowedOrigins: ['shop.test'] }] });
    expect(bad.map((i) => i.split(':')[0])).toEqual(['clientTokens.0.token', 'clientTokens.0.allowedOrigins.0']);
    expect(
      await issues({
        agent: 'shop',
        behavior: { webmcp: { enabled: true, allowlist: [{ origin: '*', tool: ['x'] }] } },
      }),
    ).toContain('behavior.webmcp.allowlist.0.tool: unknown key');
    const twice = { token: 'ct_test_kiosk', allowedOrigins: [ORIGIN] };
    expect(await issues({ agent: 'shop', clientTokens: [twice, twice] })).toEqual([
      'clientTokens.1.token: token listed twice',
    ]);
    expect(await issues([])).toHaveLength(1);

    await expectError(
      admin(app, 'PUT', '/v1/admin/surfaces/kiosk', {
        agent: 'shop',
        clientTokens: [{ token: 'ct_test_other', allowedOrigins: [ORIGIN] }],
      }),
      409,
      'client_token_conflict',
    );
    await expectError(admin(app, 'PUT', '/v1/admin/surfaces/a%20b', storefront()), 400, 'invalid_surface_id');
    await expectError(
      app.request('/v1/admin/surfaces/kiosk', {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
        body: '{',
      }),
      400,
      'invalid_json',
    );
    expect((await admin(app, 'GET', '/v1/admin/surfaces/kiosk')).status).toBe(404); // nothing was saved
  });
});

describe('admin API: what the boundary saw', () => {
  it('lists tool sightings and origins, all or for one surface', async () => {
    const { app } = makeApp(
      withAdmin((c) => (c.surfaces.storefront.behavior.webmcp.allowlist = [{ origin: '*', tools: ['search_*'] }])),
    );
    const sessionId = await init(app);
    await readFrames(await say(app, sessionId, '/echo hi', { clientTools: [SEARCH_PRODUCTS, GET_CART] }));
    const tools = (await (await admin(app, 'GET', '/v1/admin/tools?surface=storefront')).json()) as {
      tools: Array<Record<string, unknown>>;
    };
    expect(tools.tools.map((t) => [t.toolName, t.status, t.reason, t.origin])).toEqual([
      ['get_cart', 'rejected', 'tool_not_listed', ORIGIN],
      ['search_products', 'admitted', 'rule_matched', ORIGIN],
    ]);
    expect(((await (await admin(app, 'GET', '/v1/admin/tools')).json()) as { tools: unknown[] }).tools).toHaveLength(2);
    expect(await (await admin(app, 'GET', '/v1/admin/tools?surface=kiosk')).json()).toEqual({ tools: [] });
    const origins = (await (await admin(app, 'GET', '/v1/admin/origins?surface=storefront')).json()) as {
      origins: Array<Record<string, unknown>>;
    };
    expect(origins.origins).toEqual([
      expect.objectContaining({ surfaceId: 'storefront', origin: ORIGIN, requests: 2 }),
    ]);
    await expectError(admin(app, 'GET', '/v1/admin/origins?surface=no%20way'), 400, 'invalid_surface_id');
  });
});
