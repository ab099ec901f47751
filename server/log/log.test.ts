import { describe, expect, it } from 'vitest';
import { makeApp, init, ORIGIN, say, TOKEN } from '../test-helpers.js';
import { ADMIN_KEY, admin, withAdmin } from '../test-support/admin.js';
import { captureLog } from '../test-support/log-capture.js';
import { USER_WORDS, runPageAndServerCall, withTaxTool } from '../test-support/telemetry.js';
import { callOrigin, createLogger, parseLogLevel, shortenTokens } from './index.js';
import { redactFields } from './logger.js';

describe('the JSON log', () => {
  it('writes [secret] for a field named like a secret, at the top or one level down, and copies no other line', () => {
    const log = captureLog('info');
    const nested = { authorization: 'Bearer abc', accept: 'text/html' };
    log.logger.info({ event: 't', token: 'ct_live_x', headers: nested, key: { apiKey: 'sk-1', secret: 's' }, n: 1 });
    log.logger.child({ token: 'ct_live_y' }).info({ event: 'u', list: [{ token: 'kept: not a field' }] });
    const [first, second] = log.lines();
    expect(first).toMatchObject({ token: '[secret]', headers: { authorization: '[secret]', accept: 'text/html' } });
    expect(first).toMatchObject({ key: { apiKey: '[secret]', secret: '[secret]' }, n: 1 });
    expect(nested.authorization).toBe('Bearer abc'); // the caller's object is not changed
    expect(second).toMatchObject({ token: '[secret]', event: 'u' });
    expect(JSON.stringify(log.lines())).not.toMatch(/ct_live_|sk-1|Bearer/);
    const plain = { event: 'v', n: 2, nested: { ok: true } };
    expect(redactFields(plain)).toBe(plain);
  });

  it('tells requests, the run, tool outcomes by origin, admin edits and shutdown — never text, keys or tokens', async () => {
    const log = captureLog('info');
    const { app } = makeApp({ ...withAdmin(withTaxTool), logger: log.logger });
    const executionId = await runPageAndServerCall(app);
    expect((await admin(app, 'GET', '/v1/admin/surfaces/storefront')).status).toBe(200);
    const put = await admin(app, 'PUT', '/v1/admin/surfaces/storefront', {
      agent: 'shop',
      clientTokens: [
        { token: TOKEN, allowedOrigins: [ORIGIN] },
        { token: 'ct_live_newtoken9f00d', allowedOrigins: ['https://b.example'] },
      ],
      behavior: { webmcp: { enabled: true, allowlist: [{ origin: '*', tools: ['*'] }] } },
    });
    expect(put.status).toBe(200);
    await app.shutdown(1000);

    const lines = log.lines();
    for (const line of lines) {
      expect(typeof line.time).toBe('string');
      expect(['info', 'warn', 'error']).toContain(line.level);
    }
    const requests = log.events('http.request');
    const resumeLine = requests.find((l) => l.route === '/v1/client/resume')!;
    expect(resumeLine).toMatchObject({ method: 'POST', path: '/v1/client/resume', status: 200, stream: true });
    expect(typeof resumeLine.ms).toBe('number');
    expect(requests.find((l) => l.route === '/v1/admin/surfaces/:id' && l.method === 'PUT')).toMatchObject({
      status: 200,
    });
    // One line per request, each with its own id.
    expect(new Set(requests.map((l) => l.requestId)).size).toBe(requests.length);
    expect(requests.length).toBe(6); // init, two chats, resume, the admin GET and PUT

    const started = log.events('run.started');
    expect(started).toHaveLength(2);
    expect(started[1]).toMatchObject({ executionId, agentId: 'shop', surfaceId: 'storefront', pageTools: 1 });
    expect(log.events('run.paused')).toEqual([expect.objectContaining({ executionId, calls: 1, tools: ['get_cart'] })]);
    const tools = log.events('tool.finished').map((l) => [l.tool, l.origin, l.kind, l.ok]);
    expect(tools).toEqual([
      ['estimate_tax', 'server', 'code', true],
      ['get_cart', 'page', 'webmcp', true],
    ]);
    expect(log.events('run.resumed')).toEqual([expect.objectContaining({ executionId, results: 1, errors: 0 })]);
    const ended = log.events('run.ended').find((l) => l.executionId === executionId);
    expect(ended).toMatchObject({ outcome: 'completed', stopReason: 'end_turn', steps: 2, toolCalls: 2 });
    expect(ended!.events).toBeGreaterThan(5);

    const [edit] = log.events('admin.edit');
    expect(edit).toMatchObject({ actor: 'admin', action: 'surface.update', target: 'surface:storefront' });
    // A route's own line carries the id of the request it logged under.
    const putLine = requests.find((l) => l.route === '/v1/admin/surfaces/:id' && l.method === 'PUT')!;
    expect(edit!.requestId).toMatch(/^req_/);
    expect(edit!.requestId).toBe(putLine.requestId);
    expect(edit!.summary).toContain('ct_live_…f00d');
    expect(log.events('server.shutdown')).toHaveLength(1);
    expect(log.events('server.stopped')).toHaveLength(1);

    const text = log.text();
    expect(text).not.toContain(USER_WORDS);
    expect(text).not.toContain(ADMIN_KEY);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('ct_live_newtoken9f00d');
  });

  it('quotes text only at debug, masked', async () => {
    const log = captureLog('debug');
    const secret = 'sk-live-0123456789abcdef';
    const { app } = makeApp({
      env: { MODEL_KEY: secret },
      patch: (c) => (c.agents.shop.secrets = { MODEL_KEY: { env: 'MODEL_KEY' } }),
      logger: log.logger,
    });
    const sessionId = await init(app);
    await (await say(app, sessionId, `hello, my key is ${secret}`)).text();
    const [input] = log.events('run.input');
    expect(input!.text).toBe('hello, my key is [secret]');
    expect(log.events('model.step').length).toBeGreaterThan(0);
    expect(log.text()).not.toContain(secret);
  });

  it('writes nothing below its level, and refuses unknown levels by name', () => {
    const log = captureLog('warn');
    log.logger.info({ event: 'x' }, 'quiet');
    log.logger.warn({ event: 'y' }, 'loud');
    expect(log.lines().map((l) => l.event)).toEqual(['y']);
    expect(() => parseLogLevel('chatty')).toThrow(/LOG_LEVEL must be one of fatal, error, warn, info, debug/);
    expect(createLogger({ env: { LOG_LEVEL: 'debug' } }).level).toBe('debug');
    expect(shortenTokens('token ct_test_abcdef1234 added')).toBe('token ct_test_…1234 added');
    expect(callOrigin({ canonicalName: 'webmcp:get_cart' })).toBe('page');
    expect(callOrigin({ canonicalName: 'webmcp:lookup', origin: 'sdk' })).toBe('sdk');
    expect(callOrigin({ canonicalName: 'http:quote' })).toBe('server');
  });
});
