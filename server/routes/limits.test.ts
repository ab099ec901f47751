import { describe, expect, it } from 'vitest';
import {
  ORIGIN,
  SEARCH_PRODUCTS,
  expectError,
  init,
  makeApp,
  ofType,
  post,
  readFrames,
  reconnect,
  resume,
  say,
  types,
} from '../test-helpers.js';

/** A 429 with the code, a hint, a retry-after in seconds, and CORS letting the page read it. */
async function expectLimited(res: Promise<Response>, what: RegExp, code: string): Promise<void> {
  const r = await res;
  const body = (await r.clone().json()) as { hint?: string };
  await expectError(r, 429, code);
  expect(body.hint).toMatch(what);
  expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  expect(r.headers.get('access-control-expose-headers')).toMatch(/retry-after/i);
}

async function pausedRun(app: Parameters<typeof say>[0], sessionId: string) {
  const frames = await readFrames(
    await say(app, sessionId, '/tool search_products {"query":"mug"}', { clientTools: [SEARCH_PRODUCTS] }),
  );
  return { executionId: frames[0]!.data.executionId, toolCallId: ofType(frames, 'await')[0]!.toolCallId };
}

describe('rate limits', () => {
  it('limits chats per session; resume is exempt and reconnects have their own limits; other sessions are unaffected', async () => {
    const { app } = makeApp({ patch: (c) => (c.limits = { perSession: { requests: 2, windowSeconds: 60 } }) });
    const sessionId = await init(app);
    const { executionId, toolCallId } = await pausedRun(app, sessionId);
    await readFrames(await say(app, sessionId, '/echo second'));
    await expectLimited(say(app, sessionId, '/echo third'), /session/, 'session_rate_limited');

    const next = await readFrames(
      await resume(app, { sessionId, executionId, toolOutputs: { [toolCallId]: { result: 'a mug' } } }),
    );
    expect(types(next).at(-1)).toBe('execution_complete');
    for (let i = 0; i < 3; i++)
      expect(types(await readFrames(await reconnect(app, { sessionId, executionId, after: 0 }))).at(-1)).toBe(
        'execution_complete',
      );
    await expectLimited(say(app, sessionId, '/echo still limited'), /session/, 'session_rate_limited');

    const other = await init(app);
    expect(types(await readFrames(await say(app, other, '/echo fine'))).at(-1)).toBe('execution_complete');
  });

  it('limits init and chat per client token, across sessions; resume stays exempt', async () => {
    const { app } = makeApp({
      patch: (c) => {
        c.limits = { perToken: { requests: 4, windowSeconds: 60 } };
        c.surfaces.other = { agent: 'shop', clientTokens: [{ token: 'ct_test_other', allowedOrigins: [ORIGIN] }] };
      },
    });
    const first = await init(app); // 1
    const { executionId, toolCallId } = await pausedRun(app, first); // 2
    const second = await init(app); // 3
    await readFrames(await say(app, second, '/echo ok')); // 4
    await expectLimited(post(app, '/v1/client/init', { token: 'ct_test_demo' }), /client token/, 'token_rate_limited');
    await expectLimited(say(app, second, '/echo over'), /client token/, 'token_rate_limited');
    await expectLimited(say(app, first, '/echo over'), /client token/, 'token_rate_limited');

    const next = await readFrames(
      await resume(app, { sessionId: first, executionId, toolOutputs: { [toolCallId]: { result: 'a mug' } } }),
    );
    expect(types(next).at(-1)).toBe('execution_complete');
    expect(await init(app, { token: 'ct_test_other' })).toMatch(/^cs_/); // another token has its own budget
  });

  it('refuses before counting: a bad token or origin never uses up a token’s budget', async () => {
    const { app } = makeApp({ patch: (c) => (c.limits = { perToken: { requests: 1, windowSeconds: 60 } }) });
    for (let i = 0; i < 3; i++) {
      await expectError(
        post(app, '/v1/client/init', { token: 'ct_test_demo' }, { origin: 'http://evil.test' }),
        403,
        'origin_not_allowed',
      );
      await expectError(post(app, '/v1/client/init', { token: 'ct_test_unknown' }), 401, 'invalid_client_token');
    }
    expect(await init(app)).toMatch(/^cs_/);
  });
});
