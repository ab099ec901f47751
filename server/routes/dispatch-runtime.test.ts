/**
 * `runtimeTools` and `secrets` on the API-key path, against a real loopback upstream: templates,
 * secrets kept out of frames, the store and answers, `dispatch.allowedHosts`, the limits, the
 * precedence of tool sources, and a resume on an instance that does not hold the secrets.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../store/index.js';
import { startUpstream, type Upstream } from '../tools/fixtures/upstream.fixture.js';
import { expectError, ofType, replyText, types } from '../test-helpers.js';
import { dispatch, dispatchApp, framesOf, resumeRun, sdkTool } from '../test-support/dispatch.js';

const SHIP = 'shh-quote-key';
let upstream: Upstream;

beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(() => upstream.close());

const quote = (extra: Record<string, unknown> = {}) => ({
  type: 'http',
  name: 'quote',
  description: 'A shipping quote for a postcode.',
  url: `${upstream.url}/quote?postcode={{postcode}}`,
  headers: { 'x-shipping-key': '{{secrets.SHIP}}' },
  parameters: { type: 'object', properties: { postcode: { type: 'string' } }, required: ['postcode'] },
  ...extra,
});

describe('runtimeTools', () => {
  it('runs an http tool with the request secret, which appears in no frame, stored record or log line', async () => {
    const logs = vi.spyOn(console, 'error');
    const { app, store } = dispatchApp();
    const frames = await framesOf(
      dispatch(app, '/tool quote {"postcode":"10115"}\n/then\n/tool leak {}', {
        runtimeTools: [quote(), { ...quote({ name: 'leak', url: `${upstream.url}/echo500`, parameters: undefined }) }],
        secrets: { SHIP },
      }),
    );
    const done = ofType(frames, 'tool_complete');
    expect(done[0]).toMatchObject({ toolName: 'quote', success: true, origin: 'server' });
    expect(String(done[0]!.result)).toContain('DE-1');
    expect(upstream.requests.at(-1)!.headers['x-shipping-key']).toBe(SHIP);
    expect(done[1]).toMatchObject({ toolName: 'leak', success: false });
    const executionId = frames[0]!.data.executionId;
    const stored = JSON.stringify([await store.getRun(executionId), await store.listEvents(executionId, 0)]);
    expect(stored).toContain('[secret]'); // the upstream echoed the key back: masked before storing
    expect(JSON.stringify(frames) + stored + JSON.stringify(logs.mock.calls)).not.toContain(SHIP);
    logs.mockRestore();
  });

  it('refuses a parameter in the host, a missing secret, a host outside allowedHosts and more than 50 tools', async () => {
    const { app } = dispatchApp({ patch: (c) => (c.dispatch = { allowedHosts: ['api.example.com', '*.internal'] }) });
    const hostParam = await expectError(
      dispatch(app, 'hi', { runtimeTools: [quote({ url: 'https://{{region}}.example.com/quote' })] }),
      400,
      'invalid_request',
    );
    expect(hostParam.hint).toMatch(/^runtimeTools\.0\.url: .*host/);
    const missing = await expectError(
      dispatch(app, 'hi', { runtimeTools: [quote({ url: 'https://api.example.com/q' })] }),
      400,
      'secret_missing',
    );
    expect(missing.hint).toContain('"SHIP"');
    const outside = await expectError(
      dispatch(app, 'hi', { runtimeTools: [quote()], secrets: { SHIP } }),
      400,
      'runtime_tool_host_not_allowed',
    );
    expect(outside.hint).toContain('runtimeTools.0.url');
    const inside = await framesOf(
      dispatch(app, '/echo ok', { runtimeTools: [quote({ url: 'https://billing.internal/q' })], secrets: { SHIP } }),
    );
    expect(replyText(inside)).toBe('ok');
    const many = Array.from({ length: 51 }, (_, i) => ({ type: 'code', name: `c${i}`, code: 'return 1;' }));
    await expectError(dispatch(app, 'hi', { runtimeTools: many }), 400, 'runtime_tools_too_many');
  });

  it('lets any host through without allowedHosts, loopback included (the key holder is trusted like the operator)', async () => {
    const { app } = dispatchApp();
    const frames = await framesOf(
      dispatch(app, '/tool quote {"postcode":"1"}', { runtimeTools: [quote()], secrets: { SHIP } }),
    );
    expect(ofType(frames, 'tool_complete')[0]!.success).toBe(true);
  });

  it('merges by name: config < runtimeTools < clientTools', async () => {
    const { app, store } = dispatchApp({
      patch: (c) => (c.agents.shop.tools = [{ type: 'code', name: 'price', code: 'return "from config";' }]),
    });
    const ask = '/tool price {}';
    const fromConfig = await framesOf(dispatch(app, ask));
    expect(ofType(fromConfig, 'tool_complete')[0]!.result).toBe('"from config"');
    const runtime = [{ type: 'code', name: 'price', code: 'return "from the request";' }];
    const fromRuntime = await framesOf(dispatch(app, ask, { runtimeTools: runtime }));
    expect(ofType(fromRuntime, 'tool_complete')[0]!.result).toBe('"from the request"');
    const fromClient = await framesOf(dispatch(app, ask, { runtimeTools: runtime, clientTools: [sdkTool('price')] }));
    expect(ofType(fromClient, 'await')[0]).toMatchObject({ toolName: 'price', origin: 'sdk' });
    const run = (await store.getRun(fromClient[0]!.data.executionId))!;
    expect(run.dispatch!.runtimeTools).toHaveLength(1);
  });

  it('a resume on an instance without the secrets must bring them: 400 naming which, then it runs', async () => {
    const store = new MemoryStore();
    const { app: first } = dispatchApp({ store });
    const { app: second } = dispatchApp({ store });
    const frames = await framesOf(
      dispatch(first, '/tool lookup {}\n/then\n/tool quote {"postcode":"20095"}', {
        clientTools: [sdkTool('lookup')],
        runtimeTools: [quote()],
        secrets: { SHIP },
      }),
    );
    const pause = ofType(frames, 'await')[0]!;
    const refused = await expectError(
      resumeRun(second, pause.executionId, { lookup: { result: 'x' } }),
      400,
      'secret_missing',
    );
    expect(refused.hint).toContain('"SHIP"');
    expect(refused.hint).not.toContain(SHIP);
    // The refusal claimed nothing: the same instance resumes with the secrets again.
    const after = await framesOf(
      resumeRun(second, pause.executionId, { lookup: { result: 'x' } }, { secrets: { SHIP } }),
    );
    expect(ofType(after, 'tool_complete').find((f) => f.toolName === 'quote')).toMatchObject({ success: true });
    expect(types(after).at(-1)).toBe('execution_complete');
  });

  it('the instance that paused the run still holds the secrets for its resume', async () => {
    const { app } = dispatchApp();
    const frames = await framesOf(
      dispatch(app, '/tool lookup {}\n/then\n/tool quote {"postcode":"20095"}', {
        clientTools: [sdkTool('lookup')],
        runtimeTools: [quote()],
        secrets: { SHIP },
      }),
    );
    const pause = ofType(frames, 'await')[0]!;
    const after = await framesOf(resumeRun(app, pause.executionId, { lookup: { result: 'x' } }));
    expect(ofType(after, 'tool_complete').find((f) => f.toolName === 'quote')).toMatchObject({ success: true });
  });
});
