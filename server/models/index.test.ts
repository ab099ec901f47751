/**
 * `createModel`: the config's provider, its `{env}` secrets (a missing one fails at start-up),
 * headers, settings and the wiring through `createApp`.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config/load.js';
import { init, makeApp, rawConfig, readFrames, replyText, say } from '../test-helpers.js';
import { collect, request, useFakeProvider } from './adapters.fixture.js';
import { createModel } from './index.js';

const fake = useFakeProvider();

describe('createModel', () => {
  it('builds the offline model for "offline"', () => {
    expect(createModel('offline').info).toEqual({
      id: 'offline',
      label: 'Offline model (deterministic, no AI)',
      offline: true,
    });
  });

  it('builds an OpenAI-compatible model without a key (Ollama, llama.cpp) and sends no Authorization', async () => {
    const model = createModel(
      { provider: 'openai-compatible', baseURL: fake().baseURL, model: 'qwen3:8b' },
      { env: {} },
    );
    expect(model.info).toEqual({
      id: 'openai-compatible:qwen3:8b',
      label: expect.stringMatching(/^qwen3:8b \(OpenAI-compatible, 127\.0\.0\.1:\d+\)$/),
      offline: false,
    });
    fake().push({ text: 'ok' });
    expect((await collect(model)).error).toBeUndefined();
    expect(fake().requests[0]!.headers.authorization).toBeUndefined();
  });

  it('reads the key, the header secrets and the settings from the config and the environment', async () => {
    const env = { MY_OPENAI_KEY: 'sk-test-123', GATEWAY_KEY: 'gw-456' };
    const model = createModel(
      {
        provider: 'openai-compatible',
        baseURL: fake().baseURL,
        model: 'gpt-4o-mini',
        apiKey: { env: 'MY_OPENAI_KEY' },
        headers: { 'X-Title': 'Shop', 'X-Gateway-Key': { env: 'GATEWAY_KEY' } },
        maxOutputTokens: 300,
        temperature: 0.5,
      },
      { env },
    );
    fake().push({ text: 'ok' });
    await collect(model);
    const sent = fake().requests[0]!;
    expect([sent.headers.authorization, sent.headers['x-title'], sent.headers['x-gateway-key']]).toEqual([
      'Bearer sk-test-123',
      'Shop',
      'gw-456',
    ]);
    expect(sent.body).toMatchObject({ max_tokens: 300, temperature: 0.5 });
  });

  it('refuses to start when a named key is not set, naming the variable and the config path', () => {
    const start = () =>
      createModel(
        {
          provider: 'openai-compatible',
          baseURL: 'https://api.openai.com/v1',
          model: 'gpt-4o-mini',
          apiKey: { env: 'OPENAI_API_KEY' },
        },
        { env: { OPENAI_API_KEY: '' }, where: 'agents.shop.model' },
      );
    expect(start).toThrow(ConfigError);
    expect(start).toThrow(/agents\.shop\.model\.apiKey: the environment variable OPENAI_API_KEY is not set or empty/);
    const header = () =>
      createModel(
        {
          provider: 'openai-compatible',
          baseURL: 'http://localhost:8080/v1',
          model: 'm',
          headers: { 'X-Key': { env: 'NOPE' } },
        },
        { env: {} },
      );
    expect(header).toThrow(/model\.headers\.X-Key: the environment variable NOPE is not set/);
  });

  it('Anthropic reads ANTHROPIC_API_KEY by default and refuses to start without it', async () => {
    expect(() => createModel({ provider: 'anthropic', model: 'claude-sonnet-4-5' }, { env: {} })).toThrow(
      /model\.apiKey: the environment variable ANTHROPIC_API_KEY is not set or empty \(Anthropic needs an API key\)/,
    );
    const model = createModel(
      { provider: 'anthropic', model: 'claude-sonnet-4-5', baseURL: fake().baseURL },
      { env: { ANTHROPIC_API_KEY: 'sk-ant-default' } },
    );
    expect(model.info).toMatchObject({ id: 'anthropic:claude-sonnet-4-5', offline: false });
    fake().push({ text: 'ok' });
    expect((await collect(model)).error).toBeUndefined();
    expect(fake().requests[0]!.headers['x-api-key']).toBe('sk-ant-default');
  });

  it('Anthropic goes to api.anthropic.com unless the config says otherwise, whatever ANTHROPIC_BASE_URL says', async () => {
    const urls: string[] = [];
    const stub: typeof fetch = async (input) => {
      urls.push(String(input));
      return new Response('{"type":"error","error":{"type":"authentication_error","message":"stub"}}', { status: 401 });
    };
    const saved = process.env.ANTHROPIC_BASE_URL;
    process.env.ANTHROPIC_BASE_URL = 'http://127.0.0.1:9/elsewhere';
    try {
      const model = createModel(
        { provider: 'anthropic', model: 'claude-sonnet-4-5' },
        { env: { ANTHROPIC_API_KEY: 'k' }, fetch: stub },
      );
      expect(model.info.label).toBe('claude-sonnet-4-5 (Anthropic)');
      const { error } = await collect(model, request());
      expect(error?.message).toBe('Anthropic model "claude-sonnet-4-5" failed with HTTP 401: stub');
    } finally {
      if (saved === undefined) delete process.env.ANTHROPIC_BASE_URL;
      else process.env.ANTHROPIC_BASE_URL = saved;
    }
    expect(urls).toEqual(['https://api.anthropic.com/v1/messages']);
  });
});

describe('model config and the app', () => {
  const withModel = (model: unknown) => rawConfig((c) => (c.agents.shop.model = model));

  it('accepts the provider settings and refuses bad ones with the path of the key', () => {
    const good = {
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      maxOutputTokens: 1024,
      temperature: 0.3,
      timeoutMs: 60_000,
      idleTimeoutMs: 10_000,
      headers: { 'anthropic-beta': 'x', 'X-Key': { env: 'K' } },
    };
    expect(parseConfig(withModel(good)).agents.shop!.model).toEqual(good);
    expect(() => parseConfig(withModel({ ...good, temperature: 3 }))).toThrow(/agents\.shop\.model/);
    expect(() => parseConfig(withModel({ ...good, headers: { 'bad header': 'x' } }))).toThrow(/agents\.shop\.model/);
    expect(() =>
      parseConfig(
        withModel({ provider: 'openai-compatible', baseURL: 'http://localhost:11434/v1', model: 'm', maxTokens: 5 }),
      ),
    ).toThrow(/agents\.shop\.model/);
  });

  it('createApp fails at start-up on a missing key, and passes env and fetch to the adapters', async () => {
    const anthropic = {
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      baseURL: fake().baseURL,
      apiKey: { env: 'SHOP_KEY' },
    };
    expect(() => makeApp({ env: {}, expirySweepMs: 0, patch: (c) => (c.agents.shop.model = anthropic) })).toThrow(
      /agents\.shop\.model\.apiKey: the environment variable SHOP_KEY/,
    );
    const seen: string[] = [];
    const modelFetch: typeof fetch = (input, init) => (seen.push(String(input)), fetch(input, init));
    const { app } = makeApp({
      env: { SHOP_KEY: 'k' },
      modelFetch,
      expirySweepMs: 0,
      patch: (c) => (c.agents.shop.model = anthropic),
    });
    const health = (await (await app.request('/v1/health')).json()) as { agents: Record<string, { model: unknown }> };
    // The public health names no provider host; the admin health (behind the admin key) does.
    expect(health.agents.shop!.model).toEqual({ id: 'anthropic:claude-sonnet-4-5', offline: false });
    expect(seen).toEqual([]); // nothing is sent before a chat
    fake().push({ text: 'Hello from Claude.' });
    const frames = await readFrames(await say(app, await init(app), 'hi'));
    expect(replyText(frames)).toBe('Hello from Claude.');
    expect(seen).toEqual([`${fake().baseURL}/messages`]);
    app.close();
  });
});
