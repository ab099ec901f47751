import { describe, expect, it } from 'vitest';
import { ofType, replyText, types, expectError, init, say, tool, SEARCH_PRODUCTS, post } from '../test-helpers.js';
import { KEY, OTHER_KEY, dispatch, dispatchApp, framesOf, resumeRun, sdkTool, send } from '../test-support/dispatch.js';

describe('who may call /v1/dispatch', () => {
  it('401 without a key, with a wrong key and with a client token; 403 for an agent the key may not use', async () => {
    const { app } = dispatchApp();
    for (const key of [null, 'sk_wrong', 'ct_test_demo']) {
      const res = await dispatch(app, '/echo hi', {}, key);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      await expectError(res, 401, 'api_key_invalid');
    }
    await expectError(dispatch(app, '/echo hi', {}, OTHER_KEY), 403, 'api_key_forbidden');
    await expectError(
      send(app, '/v1/dispatch', { agent: { id: 'ghost' }, messages: [{ role: 'user', content: 'hi' }] }),
      403,
      'api_key_forbidden',
    );
  });

  it('never grants CORS: no preflight answer and no allow-origin header, even for an allowed page origin', async () => {
    const { app } = dispatchApp();
    const preflight = await app.request('/v1/dispatch', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    const res = await send(
      app,
      '/v1/dispatch',
      { agent: { id: 'shop' }, messages: [{ role: 'user', content: '/echo hi' }] },
      KEY,
      {
        origin: 'http://localhost:5173',
      },
    );
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(replyText(await framesOf(res))).toBe('hi');
  });

  it('refuses an API key on the browser routes', async () => {
    const { app } = dispatchApp();
    const sessionId = await init(app);
    const res = await app.request('/v1/client/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:5173', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ sessionId, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await expectError(res, 401, 'api_key_not_accepted');
    await expectError(post(app, '/v1/client/init', { token: KEY }), 401, 'invalid_client_token');
  });
});

describe('POST /v1/dispatch', () => {
  it('streams the same frames as the client path, without an Origin', async () => {
    const { app, store } = dispatchApp();
    const frames = await framesOf(dispatch(app, '/echo hello there'));
    expect(types(frames)[0]).toBe('execution_start');
    expect(types(frames).at(-1)).toBe('execution_complete');
    expect(replyText(frames)).toBe('hello there');
    const run = (await store.getRun(frames[0]!.data.executionId))!;
    expect(run.dispatch?.apiKeyId).toBe('backend');
  });

  it("takes Persona's agent-mode body: agent.agentId, options, context, createdAt", async () => {
    const { app } = dispatchApp();
    const res = await send(app, '/v1/dispatch', {
      agent: { agentId: 'shop' },
      messages: [
        { role: 'user', content: '/echo first', createdAt: '2026-01-01T00:00:00.000Z' },
        { role: 'assistant', content: 'first', createdAt: '2026-01-01T00:00:01.000Z' },
        { role: 'user', content: '/echo second', createdAt: '2026-01-01T00:00:02.000Z' },
      ],
      options: { streamResponse: true, recordMode: 'virtual' },
      context: { page: { url: 'https://shop.example/' } },
    });
    expect(replyText(await framesOf(res))).toBe('second');
  });

  it('refuses unknown fields anywhere with 400 and the path', async () => {
    const { app } = dispatchApp();
    const base = { agent: { id: 'shop' }, messages: [{ role: 'user', content: 'hi' }] };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, flow: 'x' }, 'flow'],
      [{ ...base, agent: { id: 'shop', model: 'gpt' } }, 'agent'],
      [{ ...base, messages: [{ role: 'user', content: 'hi', name: 'ann' }] }, 'messages.0.name'],
      [{ ...base, options: { streamResponse: true, stream: true } }, 'options.stream'],
      [{ ...base, clientToolsPolicy: { allowlist: [], mode: 'deny' } }, 'clientToolsPolicy.mode'],
      [{ ...base, clientTools: [{ ...sdkTool('a'), extra: 1 }] }, 'clientTools.0.extra'],
      [{ ...base, runtimeTools: [{ type: 'code', name: 'c', code: 'return 1', memory: 4 }] }, 'runtimeTools.0.memory'],
    ];
    for (const [body, path] of cases) {
      const error = await expectError(send(app, '/v1/dispatch', body), 400, 'invalid_request');
      expect(error.hint, JSON.stringify(body)).toMatch(new RegExp(`^${path.replaceAll('.', '\\.')}\\b`));
    }
    const error = await expectError(resumeRun(app, 'exec_x', {}, { sessionId: 'cs_1' }), 400, 'invalid_request');
    expect(error.hint).toContain('sessionId');
  });

  it('pauses on an sdk tool with origin sdk in the await frame, and resumes by call id', async () => {
    const { app } = dispatchApp();
    const frames = await framesOf(dispatch(app, '/tool lookup {"sku":"mug"}', { clientTools: [sdkTool('lookup')] }));
    const [pause] = ofType(frames, 'await');
    expect(pause).toMatchObject({ toolName: 'lookup', origin: 'sdk', parameters: { sku: 'mug' } });
    const after = await framesOf(resumeRun(app, pause!.executionId, { [pause!.toolCallId]: { result: { stock: 7 } } }));
    expect(ofType(after, 'tool_complete')[0]).toMatchObject({ origin: 'sdk', success: true });
    expect(replyText(after)).toContain('7');
    expect(types(after).at(-1)).toBe('execution_complete');
  });

  it('answers JSON with streamResponse false: the pause with its calls, then the final text', async () => {
    const { app } = dispatchApp();
    const res = await dispatch(app, '/tool lookup {"sku":"a"}\n/tool lookup {"sku":"b"}', {
      clientTools: [sdkTool('lookup')],
      streamResponse: false,
    });
    expect(res.headers.get('content-type')).toMatch(/json/);
    const paused = (await res.json()) as {
      executionId: string;
      status: string;
      awaiting: Array<{ toolCallId: string }>;
    };
    expect(paused).toMatchObject({ status: 'awaiting' });
    expect(paused.awaiting).toHaveLength(2);
    const outputs = Object.fromEntries(paused.awaiting.map((a, i) => [a.toolCallId, { result: `stock-${i}` }]));
    const done = await resumeRun(app, paused.executionId, outputs, { streamResponse: false });
    const result = (await done.json()) as { status: string; text: string; stopReason: string };
    expect(result).toMatchObject({ status: 'completed', stopReason: 'end_turn' });
    expect(result.text).toContain('stock-0');
    expect(result.text).toContain('stock-1');
  });

  it('narrows webmcp tools by clientToolsPolicy.allowlist, never sdk tools', async () => {
    const { app, store } = dispatchApp();
    const frames = await framesOf(
      dispatch(app, '/echo hi', {
        clientTools: [SEARCH_PRODUCTS, tool('get_cart'), sdkTool('crm_lookup')],
        clientToolsPolicy: { allowlist: ['search_*'] },
      }),
    );
    const run = (await store.getRun(frames[0]!.data.executionId))!;
    expect(run.tools.map((t) => t.name)).toEqual(['search_products', 'crm_lookup']);
    const all = await framesOf(dispatch(app, '/echo hi', { clientTools: [SEARCH_PRODUCTS, tool('get_cart')] }));
    expect((await store.getRun(all[0]!.data.executionId))!.tools).toHaveLength(2);
  });

  it('bounds the client tools: 50 tools and 64 KB, each with the code of its limit', async () => {
    const { app } = dispatchApp();
    const many = Array.from({ length: 51 }, (_, i) => sdkTool(`t${i}`));
    await expectError(dispatch(app, 'hi', { clientTools: many }), 400, 'client_tools_too_many');
    const big = Array.from({ length: 10 }, (_, i) => ({
      ...sdkTool(`t${i}`),
      parametersSchema: { type: 'object', description: 'x'.repeat(8000) },
    }));
    await expectError(dispatch(app, 'hi', { clientTools: big }), 400, 'client_tools_too_large');
  });

  it('maxToolCalls: calls beyond it get an error result and the model must answer', async () => {
    const { app } = dispatchApp();
    const frames = await framesOf(
      dispatch(app, '/tool lookup {"sku":"a"}\n/tool lookup {"sku":"b"}', {
        clientTools: [sdkTool('lookup')],
        maxToolCalls: 1,
      }),
    );
    const pauses = ofType(frames, 'await');
    expect(pauses).toHaveLength(1);
    const refused = ofType(frames, 'tool_complete');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.error).toContain('maxToolCalls');
    const after = await framesOf(resumeRun(app, pauses[0]!.executionId, { lookup: { result: 'ok' } }));
    expect(ofType(after, 'execution_complete')[0]!.stopReason).toBe('max_tool_calls');
    expect(ofType(after, 'await')).toEqual([]);
  });
});

describe('POST /v1/dispatch/resume', () => {
  it("404 for a browser run, 403 for a key that may not use the run's agent", async () => {
    const { app } = dispatchApp();
    const sessionId = await init(app);
    const browser = await framesOf(
      say(app, sessionId, '/tool search_products {"query":"mug"}', { clientTools: [SEARCH_PRODUCTS] }),
    );
    const browserPause = ofType(browser, 'await')[0]!;
    await expectError(
      resumeRun(app, browserPause.executionId, { search_products: { result: [] } }),
      404,
      'execution_not_found',
    );
    const frames = await framesOf(dispatch(app, '/tool lookup {}', { clientTools: [sdkTool('lookup')] }));
    const pause = ofType(frames, 'await')[0]!;
    await expectError(
      resumeRun(app, pause.executionId, { lookup: { result: 1 } }, {}, OTHER_KEY),
      403,
      'api_key_forbidden',
    );
    await expectError(resumeRun(app, pause.executionId, { lookup: { result: 1 } }, {}, null), 401, 'api_key_invalid');
    // Still answerable by the right key: the refused attempts claimed nothing.
    expect(types(await framesOf(resumeRun(app, pause.executionId, { lookup: { result: 1 } }))).at(-1)).toBe(
      'execution_complete',
    );
  });

  it('is exactly-once: a repeated resume and racing resumes, one wins', async () => {
    const { app } = dispatchApp();
    const first = ofType(
      await framesOf(dispatch(app, '/tool lookup {}', { clientTools: [sdkTool('lookup')] })),
      'await',
    )[0]!;
    await framesOf(resumeRun(app, first.executionId, { lookup: { result: 1 } }));
    await expectError(resumeRun(app, first.executionId, { lookup: { result: 1 } }), 409, 'execution_not_awaiting');

    const second = ofType(
      await framesOf(dispatch(app, '/tool lookup {}', { clientTools: [sdkTool('lookup')] })),
      'await',
    )[0]!;
    const racing = await Promise.all(
      Array.from({ length: 5 }, () => resumeRun(app, second.executionId, { [second.toolCallId]: { result: 2 } })),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const winner = racing.find((r) => r.status === 200)!;
    expect(ofType(await framesOf(winner), 'execution_complete')).toHaveLength(1);
  });
});

describe('the browser path refuses fields it does not use', () => {
  it('400 with the path for clientToolsPolicy, runtimeTools and secrets in a chat body, and unknown resume fields', async () => {
    const { app } = dispatchApp();
    const sessionId = await init(app);
    for (const field of ['clientToolsPolicy', 'runtimeTools', 'secrets', 'maxToolCalls']) {
      const error = await expectError(say(app, sessionId, 'hi', { [field]: {} }), 400, 'invalid_request');
      expect(error.hint).toContain(field);
    }
    const error = await expectError(
      post(app, '/v1/client/resume', { sessionId, executionId: 'exec_1', toolOutputs: {}, secrets: {} }),
      400,
      'invalid_request',
    );
    expect(error.hint).toContain('secrets');
  });
});
