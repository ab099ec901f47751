import { describe, expect, it } from 'vitest';
import { LIMITS } from '../bridge/protocol/index.js';
import { initResponseSchema } from '../bridge/protocol/schemas.js';
import { ORIGIN, TOKEN, expectError, init, makeApp, post } from './test-helpers.js';

describe('GET /v1/health', () => {
  it('reports the offline model, labelled as offline', async () => {
    const { app } = makeApp();
    const res = await app.request('/v1/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      ok: boolean;
      store: string;
      agents: Record<string, { model: { id: string; label: string; offline: boolean } }>;
    };
    expect(body.ok).toBe(true);
    expect(body.store).toBe('memory');
    expect(body.agents.shop!.model).toMatchObject({ id: 'offline', offline: true });
    expect(body.agents.shop!.model.label).toMatch(/offline/i);
    expect(body.agents.shop!.model.label).toMatch(/no AI/i);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { app } = makeApp();
    await expectError(app.request('/v1/nope'), 404, 'not_found');
  });
});

describe('POST /v1/client/init', () => {
  it('opens a session and returns the surface settings', async () => {
    const { app, store } = makeApp({
      patch: (c) => {
        c.surfaces.storefront.placeholder = 'Ask me';
        c.surfaces.storefront.suggestions = ['Do you have mugs?', 'What is in my cart?'];
      },
    });
    const before = Date.now();
    const res = await post(app, '/v1/client/init', { token: TOKEN });
    expect(res.status).toBe(200);
    const body = initResponseSchema.parse(await res.json());
    expect(body.sessionId).toMatch(/^cs_[A-Za-z0-9_-]{8,}$/);
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(before + 23 * 3600_000); // default 24 h TTL
    expect(body.config.welcomeMessage).toBe('Hi from the test shop.');
    expect(body.config.placeholder).toBe('Ask me');
    expect(body.config.suggestions).toEqual(['Do you have mugs?', 'What is in my cart?']);
    expect(body.config.webmcp).toMatchObject({ enabled: true, allowlist: [{ origin: '*', tools: ['*'] }] });
    // The rules come compiled by the server's picomatch, so the browser needs no glob compiler.
    const pattern = new RegExp(body.config.webmcp!.allowlist![0]!.toolsPattern!);
    expect([pattern.test('search_products'), pattern.test('..')]).toEqual([true, false]);
    const session = await store.getSession(body.sessionId);
    expect(session).toMatchObject({ origin: ORIGIN, token: TOKEN, surfaceId: 'storefront', transcript: [] });
  });

  it('reports webmcp as disabled when the surface has no webmcp behaviour', async () => {
    const { app } = makeApp({ patch: (c) => delete c.surfaces.storefront.behavior });
    const res = await post(app, '/v1/client/init', { token: TOKEN });
    expect(((await res.json()) as { config: { webmcp: unknown } }).config.webmcp).toEqual({ enabled: false });
  });

  it('sends no suggestions when the surface has none', async () => {
    const { app } = makeApp();
    const res = await post(app, '/v1/client/init', { token: TOKEN });
    expect(initResponseSchema.parse(await res.json()).config).not.toHaveProperty('suggestions');
  });

  it('refuses an unknown token with 401 invalid_client_token', async () => {
    const { app } = makeApp();
    await expectError(post(app, '/v1/client/init', { token: 'ct_test_other' }), 401, 'invalid_client_token');
  });

  it('refuses an origin the token does not allow, and a missing Origin, with 403', async () => {
    const { app } = makeApp();
    await expectError(
      post(app, '/v1/client/init', { token: TOKEN }, { origin: 'http://evil.test' }),
      403,
      'origin_not_allowed',
    );
    await expectError(
      post(app, '/v1/client/init', { token: TOKEN }, { origin: 'http://localhost:5174' }),
      403,
      'origin_not_allowed',
    );
    await expectError(post(app, '/v1/client/init', { token: TOKEN }, { origin: null }), 403, 'origin_not_allowed');
  });

  it('refuses bad bodies with the code that says why', async () => {
    const { app } = makeApp();
    await expectError(post(app, '/v1/client/init', '{"token": '), 400, 'invalid_json');
    await expectError(post(app, '/v1/client/init', ''), 400, 'invalid_json');
    const missing = await expectError(post(app, '/v1/client/init', {}), 400, 'invalid_request');
    expect(missing.hint).toMatch(/^token\b/);
    const wrongType = await expectError(post(app, '/v1/client/init', { token: 42 }), 400, 'invalid_request');
    expect(wrongType.hint).toMatch(/^token\b/);
    const huge = JSON.stringify({ token: TOKEN, padding: 'x'.repeat(LIMITS.maxBodyBytes) });
    await expectError(post(app, '/v1/client/init', huge), 413, 'body_too_large');
  });

  it('refuses an over-size body from its declared Content-Length before reading it', async () => {
    const { app } = makeApp();
    const res = await app.request('/v1/client/init', {
      method: 'POST',
      headers: {
        origin: ORIGIN,
        'content-type': 'application/json',
        'content-length': String(LIMITS.maxBodyBytes + 1),
      },
      body: JSON.stringify({ token: TOKEN }),
    });
    await expectError(res, 413, 'body_too_large');
  });

  it('reuses an unexpired session for the same token and origin only', async () => {
    const { app, store } = makeApp({
      patch: (c) => {
        c.surfaces.storefront.clientTokens[0].allowedOrigins.push('http://127.0.0.1:5173');
        c.surfaces.other = { agent: 'shop', clientTokens: [{ token: 'ct_test_other', allowedOrigins: [ORIGIN] }] };
      },
    });
    const first = await init(app);
    expect(await init(app, { sessionId: first })).toBe(first);

    const otherOrigin = await init(app, { sessionId: first, origin: 'http://127.0.0.1:5173' });
    expect(otherOrigin).not.toBe(first);
    const otherToken = await init(app, { sessionId: first, token: 'ct_test_other' });
    expect(otherToken).not.toBe(first);
    expect(await init(app, { sessionId: 'cs_unknown' })).not.toBe('cs_unknown');

    const session = (await store.getSession(first))!;
    session.expiresAt = new Date(Date.now() - 1000).toISOString();
    await store.saveSession(session);
    expect(await init(app, { sessionId: first })).not.toBe(first);
  });
});

describe('CORS on /v1/client/*', () => {
  it('answers a preflight from an allowed origin with 204 and that origin', async () => {
    const { app } = makeApp();
    const res = await app.request('/v1/client/chat', {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('content-type');
  });

  it('refuses a preflight from a foreign origin with 403 and no allow-origin', async () => {
    const { app } = makeApp();
    for (const headers of [{ origin: 'http://evil.test' }, {} as Record<string, string>]) {
      const res = await app.request('/v1/client/init', {
        method: 'OPTIONS',
        headers: { ...headers, 'access-control-request-method': 'POST' },
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('puts allow-origin on actual responses, errors included, only for allowed origins', async () => {
    const { app } = makeApp();
    const ok = await post(app, '/v1/client/init', { token: TOKEN });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(ok.headers.get('vary')).toMatch(/origin/i);

    const error = await post(app, '/v1/client/init', { token: 'ct_test_nope' });
    expect(error.status).toBe(401);
    expect(error.headers.get('access-control-allow-origin')).toBe(ORIGIN);

    const foreign = await post(app, '/v1/client/init', { token: TOKEN }, { origin: 'http://evil.test' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});
