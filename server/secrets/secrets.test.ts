import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../app.js';
import { startFakeProvider, type FakeProvider } from '../models/fakes/index.js';
import { SqliteStore } from '../store/index.js';
import { init, makeApp, ofType, readFrames, replyText, say, testConfig } from '../test-helpers.js';
import { ADMIN_KEY, admin, withAdmin } from '../test-support/admin.js';
import { captureLog } from '../test-support/log-capture.js';
import { configuredSecretValues, SecretMasker } from './index.js';

const API_KEY = 'sk-live-9f8e7d6c5b4a39281706f5e4d3c2b1a0';

describe('SecretMasker', () => {
  it('masks every value, the longest first, and leaves short values alone', () => {
    const masker = new SecretMasker(['abcd', 'abcdefgh', 'xy']);
    expect(masker.mask('key abcdefgh, prefix abcd, xy')).toBe('key [secret], prefix [secret], xy');
    expect(masker.size).toBe(2);
  });

  it('collects the admin key, model keys and headers, tool and webhook secrets from the environment', () => {
    const config = testConfig((c) => {
      c.adminKey = { env: 'ADMIN' };
      c.agents.shop.model = {
        provider: 'openai-compatible',
        baseURL: 'http://127.0.0.1:1/v1',
        model: 'm',
        apiKey: { env: 'MODEL_KEY' },
        headers: { 'x-gateway': { env: 'GATEWAY' }, 'x-plain': 'not-a-secret' },
      };
      c.agents.shop.secrets = { SHIP: { env: 'SHIP_KEY' } };
      c.surfaces.storefront.webhooks = [{ url: 'https://hooks.test/x', secret: { env: 'HOOK' } }];
    });
    const env = {
      ADMIN: 'admin-value',
      MODEL_KEY: 'model-value',
      GATEWAY: 'gateway-value',
      SHIP_KEY: 'ship-value',
      HOOK: 'whsec_aG9vay1ieXRlcw==',
    };
    expect(configuredSecretValues(config, env).sort()).toEqual(
      [
        'admin-value',
        'model-value',
        'gateway-value',
        'ship-value',
        'whsec_aG9vay1ieXRlcw==',
        'aG9vay1ieXRlcw==',
      ].sort(),
    );
  });
});

describe('a provider error that quotes the API key', () => {
  let fake: FakeProvider | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reaches no frame, no stored byte and no log line; the browser gets a generic model_error', async () => {
    fake = await startFakeProvider({
      turns: [{ httpError: { status: 401, message: `Incorrect API key provided: ${API_KEY}. Check your key.` } }],
    });
    const port = new URL(fake.url).port;
    const logged: string[] = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const)
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    // The JSON log at its most talkative level: even `debug` lines (which quote text) are masked.
    const log = captureLog('debug');
    dir = mkdtempSync(join(tmpdir(), 'webmcp-chat-secrets-'));
    const dbPath = join(dir, 'chat.db');
    const store = new SqliteStore(dbPath);
    const config = testConfig((c) => {
      c.adminKey = { env: 'ADMIN' };
      c.agents.shop.model = {
        provider: 'openai-compatible',
        baseURL: fake!.baseURL,
        model: 'gpt-test',
        apiKey: { env: 'MODEL_KEY' },
      };
    });
    const app = createApp({
      config,
      store,
      env: { MODEL_KEY: API_KEY, ADMIN: ADMIN_KEY },
      expirySweepMs: 0,
      logger: log.logger,
    });
    try {
      const sessionId = await init(app);
      const res = await say(app, sessionId, 'hello');
      const body = await res.text();
      // The key really went out to the provider, and the provider really quoted it back.
      expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(body).not.toContain(API_KEY);
      expect(body).not.toContain(`127.0.0.1:${port}`);
      const frames = await readFrames(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
      expect(ofType(frames, 'execution_error').map((f) => f.error)).toEqual([
        { code: 'model_error', message: "The assistant's model is unavailable right now." },
      ]);

      // The operator's detail: the provider's message, the key masked, in the stored run and the log.
      const runId = frames[0]!.data.executionId;
      const run = await store.getRun(runId);
      expect(run?.failure?.code).toBe('model_error');
      expect(run?.failure?.detail).toContain('HTTP 401');
      expect(run?.failure?.detail).toContain('Incorrect API key provided: [secret]');
      const [ended] = log.events('run.ended');
      expect(ended).toMatchObject({ outcome: 'failed', code: 'model_error', executionId: runId });
      expect(ended!.detail).toContain('Incorrect API key provided: [secret]');

      const health = await (await app.request('/v1/health')).text();
      expect(health).not.toContain(`127.0.0.1:${port}`);
      expect(health).not.toContain('127.0.0.1');
      const adminHealth = await (await admin(app, 'GET', '/v1/admin/health')).text();
      expect(adminHealth).toContain(`127.0.0.1:${port}`); // details stay available to the operator
      expect(adminHealth).not.toContain(ADMIN_KEY);
      expect((await app.request('/v1/admin/health')).status).toBe(401);
      for (const text of [logged.join('\n'), log.text()]) {
        expect(text).not.toContain(API_KEY);
        expect(text).not.toContain(ADMIN_KEY);
      }
      expect(log.events('http.request').length).toBeGreaterThanOrEqual(4);
    } finally {
      app.close();
      // Read the bytes before and after close: the WAL holds recent writes until a checkpoint.
      const files = [dbPath, `${dbPath}-wal`].filter((f) => existsSync(f));
      const before = files.map((f) => readFileSync(f));
      await store.close();
      const after = [dbPath, `${dbPath}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
      for (const bytes of [...before, ...after]) expect(bytes.includes(Buffer.from(API_KEY))).toBe(false);
      // The detail was stored in those same bytes (so the search above looked in the right place).
      expect(Buffer.concat(after).includes(Buffer.from('Incorrect API key provided: [secret]'))).toBe(true);
    }
    expect(logged.join('\n')).not.toContain(API_KEY);
  });
});

describe('operator routes', () => {
  it('mask configured secret values in conversations the admin API shows', async () => {
    const shipKey = 'ship-key-5a1c9e7d3b';
    const { app } = makeApp({
      ...withAdmin((c) => (c.agents.shop.secrets = { SHIP: { env: 'SHIP_KEY' } })),
      env: { WEBMCP_CHAT_TEST_ADMIN_KEY: ADMIN_KEY, SHIP_KEY: shipKey },
    });
    const sessionId = await init(app);
    await readFrames(await say(app, sessionId, `my code is ${shipKey}, remember it`));
    const res = await admin(app, 'GET', `/v1/conversations/${sessionId}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('my code is [secret], remember it');
    expect(text).not.toContain(shipKey);
    app.close();
  });

  it('mask a secret the model writes into its answer: in every frame, the stored events and the history', async () => {
    const shipKey = 'ship-key-5a1c9e7d3b';
    const { app, store } = makeApp({
      ...withAdmin((c) => (c.agents.shop.secrets = { SHIP: { env: 'SHIP_KEY' } })),
      env: { WEBMCP_CHAT_TEST_ADMIN_KEY: ADMIN_KEY, SHIP_KEY: shipKey },
    });
    const sessionId = await init(app);
    // The offline model streams its echo a word at a time: the key arrives in one delta or, with the
    // punctuation around it, split across several.
    const frames = await readFrames(await say(app, sessionId, `/echo the code is ${shipKey}, then ${shipKey}.`));
    expect(JSON.stringify(frames)).not.toContain(shipKey);
    expect(replyText(frames)).toBe('the code is [secret], then [secret].');
    const executionId = frames[0]!.data.executionId;
    expect(JSON.stringify(await store.listEvents(executionId, 0))).not.toContain(shipKey);
    const run = await store.getRun(executionId);
    expect(run!.history.filter((m) => m.role === 'assistant')).toEqual([
      { role: 'assistant', content: 'the code is [secret], then [secret].' },
    ]);
    app.close();
  });

  it('mask them in the JSON Lines export, in what the user wrote and what the model answered', async () => {
    const shipKey = 'ship-key-5a1c9e7d3b';
    const { app } = makeApp({
      ...withAdmin((c) => (c.agents.shop.secrets = { SHIP: { env: 'SHIP_KEY' } })),
      env: { WEBMCP_CHAT_TEST_ADMIN_KEY: ADMIN_KEY, SHIP_KEY: shipKey },
    });
    const sessionId = await init(app);
    await readFrames(await say(app, sessionId, `/echo the code is ${shipKey}`));
    const res = await admin(app, 'GET', '/v1/conversations/export');
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`/echo the code is [secret]`);
    expect(JSON.parse(lines[0]!).transcript.length).toBeGreaterThan(1);
    expect(lines[0]).not.toContain(shipKey);
    app.close();
  });
});
