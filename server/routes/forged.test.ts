/**
 * Forged and misdirected requests, one table: each is refused with the code that says why, and
 * none of them changes anything.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { MemoryStore } from '../store/index.js';
import {
  ORIGIN,
  SEARCH_PRODUCTS,
  TOKEN,
  expectError,
  init,
  makeApp,
  ofType,
  post,
  readFrames,
  reconnect,
  resume,
  say,
} from '../test-helpers.js';

const OTHER_TOKEN = 'ct_test_other';
const OTHER_ORIGIN = 'http://other.test';
/** Allowed by both tokens. */
const SHARED_ORIGIN = 'http://both.test';

interface Paused {
  sessionId: string;
  executionId: string;
  toolCallId: string;
}

interface World {
  app: Hono;
  store: MemoryStore;
  /** A session of TOKEN from ORIGIN, paused on a tool call. */
  mine: Paused;
  /** A session of the other token from OTHER_ORIGIN, paused. */
  theirs: Paused;
  /** A session of the other token from SHARED_ORIGIN (which TOKEN allows too). */
  theirsShared: string;
  /** A session of TOKEN whose expiry passed, with a paused run. */
  expired: Paused;
  /** A session of TOKEN whose paused run outlived runs.pausedTtlMinutes. */
  stale: Paused;
}

async function paused(app: Hono, opts: { token?: string; origin?: string } = {}): Promise<Paused> {
  const sessionId = await init(app, opts);
  const frames = await readFrames(
    await say(app, sessionId, '/tool search_products {"query":"mug"}', { clientTools: [SEARCH_PRODUCTS] }, opts),
  );
  return { sessionId, executionId: frames[0]!.data.executionId, toolCallId: ofType(frames, 'await')[0]!.toolCallId };
}

async function makeWorld(): Promise<World> {
  const { app, store } = makeApp({
    patch: (c) => {
      c.runs = { pausedTtlMinutes: 5 };
      c.surfaces.storefront.clientTokens[0].allowedOrigins.push(SHARED_ORIGIN);
      c.surfaces.other = {
        agent: 'shop',
        clientTokens: [{ token: OTHER_TOKEN, allowedOrigins: [OTHER_ORIGIN, SHARED_ORIGIN] }],
        behavior: { webmcp: { enabled: true } },
      };
    },
  });
  const mine = await paused(app);
  const theirs = await paused(app, { token: OTHER_TOKEN, origin: OTHER_ORIGIN });
  const theirsShared = await init(app, { token: OTHER_TOKEN, origin: SHARED_ORIGIN });
  const expired = await paused(app);
  const session = (await store.getSession(expired.sessionId))!;
  session.expiresAt = new Date(Date.now() - 1000).toISOString();
  await store.saveSession(session);
  const stale = await paused(app);
  const run = (await store.getRun(stale.executionId))!;
  run.pausedAt = new Date(Date.now() - 6 * 60_000).toISOString();
  await store.saveRun(run);
  return { app, store, mine, theirs, theirsShared, expired, stale };
}

const outputs = (p: Paused) => ({ [p.toolCallId]: { result: 'forged' } });
const answer = (w: World, p: Paused, opts: { origin?: string | null; sessionId?: string } = {}) =>
  resume(
    w.app,
    { sessionId: opts.sessionId ?? p.sessionId, executionId: p.executionId, toolOutputs: outputs(p) },
    opts,
  );
const follow = (w: World, p: Paused, opts: { origin?: string | null; sessionId?: string } = {}) =>
  reconnect(w.app, { sessionId: opts.sessionId ?? p.sessionId, executionId: p.executionId, after: 0 }, opts);

const CASES: Array<[string, (w: World) => Promise<Response>, number, string]> = [
  [
    'init from an origin the token does not allow',
    (w) => post(w.app, '/v1/client/init', { token: TOKEN }, { origin: 'http://evil.test' }),
    403,
    'origin_not_allowed',
  ],
  [
    'init without an Origin',
    (w) => post(w.app, '/v1/client/init', { token: TOKEN }, { origin: null }),
    403,
    'origin_not_allowed',
  ],
  [
    'init with another surface’s token from this origin',
    (w) => post(w.app, '/v1/client/init', { token: OTHER_TOKEN }),
    403,
    'origin_not_allowed',
  ],
  [
    'init with an unknown token',
    (w) => post(w.app, '/v1/client/init', { token: 'ct_test_forged' }),
    401,
    'invalid_client_token',
  ],
  [
    'chat from a wrong Origin',
    (w) => say(w.app, w.mine.sessionId, '/echo hi', {}, { origin: 'http://evil.test' }),
    403,
    'origin_not_allowed',
  ],
  [
    'chat without an Origin',
    (w) => say(w.app, w.mine.sessionId, '/echo hi', {}, { origin: null }),
    403,
    'origin_not_allowed',
  ],
  [
    'chat on another token’s session from an origin that token does not allow',
    (w) => say(w.app, w.theirs.sessionId, '/echo hi'),
    403,
    'origin_not_allowed',
  ],
  [
    'chat on another token’s session from an origin both tokens allow',
    (w) => say(w.app, w.theirs.sessionId, '/echo hi', {}, { origin: SHARED_ORIGIN }),
    403,
    'origin_not_allowed',
  ],
  [
    'chat on a session opened from another origin the token allows',
    (w) => say(w.app, w.mine.sessionId, '/echo hi', {}, { origin: SHARED_ORIGIN }),
    403,
    'origin_not_allowed',
  ],
  ['chat on an unknown session', (w) => say(w.app, 'cs_forged', '/echo hi'), 401, 'session_not_found'],
  ['chat on an expired session', (w) => say(w.app, w.expired.sessionId, '/echo hi'), 401, 'session_expired'],
  [
    'resume another session’s execution',
    (w) => answer(w, w.theirs, { sessionId: w.mine.sessionId }),
    404,
    'execution_not_found',
  ],
  [
    'resume an unknown execution',
    (w) => resume(w.app, { sessionId: w.mine.sessionId, executionId: 'exec_forged', toolOutputs: {} }),
    404,
    'execution_not_found',
  ],
  ['resume from a wrong Origin', (w) => answer(w, w.mine, { origin: 'http://evil.test' }), 403, 'origin_not_allowed'],
  ['resume without an Origin', (w) => answer(w, w.mine, { origin: null }), 403, 'origin_not_allowed'],
  ['resume on an expired session', (w) => answer(w, w.expired), 401, 'session_expired'],
  ['resume after the pause expired', (w) => answer(w, w.stale), 410, 'execution_expired'],
  ['resume the expired pause again', (w) => answer(w, w.stale), 410, 'execution_expired'],
  [
    'stream another session’s execution',
    (w) => follow(w, w.theirs, { sessionId: w.mine.sessionId }),
    404,
    'execution_not_found',
  ],
  ['stream from a wrong Origin', (w) => follow(w, w.mine, { origin: 'http://evil.test' }), 403, 'origin_not_allowed'],
  ['stream without an Origin', (w) => follow(w, w.mine, { origin: null }), 403, 'origin_not_allowed'],
  ['stream on an expired session', (w) => follow(w, w.expired), 401, 'session_expired'],
  ['stream on an unknown session', (w) => follow(w, w.mine, { sessionId: 'cs_forged' }), 401, 'session_not_found'],
];

describe('forged requests', () => {
  let world: World;
  let before: { runs: string[]; transcripts: string };
  const snapshot = async (w: World) => ({
    runs: await Promise.all(
      [w.mine, w.theirs, w.expired].map(
        async (p) => `${p.executionId}:${(await w.store.getRun(p.executionId))!.status}`,
      ),
    ),
    transcripts: JSON.stringify(
      await Promise.all(
        [w.mine, w.theirs, w.expired].map(async (p) => (await w.store.getSession(p.sessionId))!.transcript),
      ),
    ),
  });

  beforeAll(async () => {
    world = await makeWorld();
    before = await snapshot(world);
  });

  it.each(CASES)('refuses %s', async (_name, request, status, code) => {
    const body = await expectError(request(world), status, code);
    expect(body.hint).toBeTruthy();
  });

  it('changed nothing: every pause still waits, no transcript grew', async () => {
    expect(await snapshot(world)).toEqual(before);
    expect(before.runs.every((r) => r.endsWith(':awaiting'))).toBe(true);
  });

  it('never reuses another token’s session id on init, but opens a new one', async () => {
    const reused = await init(world.app, { sessionId: world.theirsShared, origin: SHARED_ORIGIN });
    expect(reused).not.toBe(world.theirsShared);
    expect((await world.store.getSession(reused))!.token).toBe(TOKEN);
    expect(await init(world.app, { sessionId: world.mine.sessionId, origin: ORIGIN })).toBe(world.mine.sessionId);
  });
});
