import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Hono } from 'hono';
import type { MemoryStore } from '../store/index.js';
import { SEARCH_PRODUCTS, expectError, init, makeApp, ofType, readFrames, resume, say } from '../test-helpers.js';
import { expireStaleRuns } from './expiry.js';

const MINUTE = 60_000;

async function pause(app: Hono) {
  const sessionId = await init(app);
  const frames = await readFrames(
    await say(app, sessionId, '/tool search_products {"query":"mug"}', { clientTools: [SEARCH_PRODUCTS] }),
  );
  return { sessionId, executionId: frames[0]!.data.executionId, toolCallId: ofType(frames, 'await')[0]!.toolCallId };
}

async function pausedFor(store: MemoryStore, executionId: string, ms: number): Promise<void> {
  const run = (await store.getRun(executionId))!;
  run.pausedAt = new Date(Date.now() - ms).toISOString();
  await store.saveRun(run);
}

/** Counts the store's expiry calls. */
function spyExpiry(store: MemoryStore): string[] {
  const calls: string[] = [];
  const expire = store.expirePausedRuns.bind(store);
  store.expirePausedRuns = async (before) => {
    calls.push(before);
    return expire(before);
  };
  return calls;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('expireStaleRuns', () => {
  it('expires runs paused longer than the TTL, and only those', async () => {
    const { app, store } = makeApp({ expirySweepMs: 0 });
    const stale = await pause(app);
    const fresh = await pause(app);
    await pausedFor(store, stale.executionId, 31 * MINUTE);
    await pausedFor(store, fresh.executionId, 29 * MINUTE);
    expect(await expireStaleRuns(store, 30 * MINUTE)).toBe(1);
    expect((await store.getRun(stale.executionId))!.status).toBe('expired');
    expect((await store.getRun(fresh.executionId))!.status).toBe('awaiting');
  });
});

describe('the app’s expiry sweep', () => {
  it('marks stale paused runs expired on its interval, until the app is closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { app, store } = makeApp({ expirySweepMs: 1000, patch: (c) => (c.runs = { pausedTtlMinutes: 5 }) });
    const calls = spyExpiry(store);
    const stale = await pause(app);
    const fresh = await pause(app);
    await pausedFor(store, stale.executionId, 6 * MINUTE);

    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(1);
    expect(Math.abs(Date.parse(calls[0]!) - (Date.now() - 5 * MINUTE))).toBeLessThan(2000);
    expect((await store.getRun(stale.executionId))!.status).toBe('expired');
    expect((await store.getRun(fresh.executionId))!.status).toBe('awaiting');
    await expectError(
      resume(app, {
        sessionId: stale.sessionId,
        executionId: stale.executionId,
        toolOutputs: { [stale.toolCallId]: { result: 'late' } },
      }),
      410,
      'execution_expired',
    );

    app.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
    const { executionId, toolCallId, sessionId } = fresh;
    await readFrames(
      await resume(app, { sessionId, executionId, toolOutputs: { [toolCallId]: { result: 'in time' } } }),
    );
  });

  it('does not sweep when expirySweepMs is 0', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { store } = makeApp({ expirySweepMs: 0 });
    const calls = spyExpiry(store);
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(calls).toEqual([]);
  });
});
