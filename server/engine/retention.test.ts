import { describe, expect, it } from 'vitest';
import { init, makeApp, readFrames, reconnect, replyText, say } from '../test-helpers.js';
import { purgeExpired } from './retention.js';

describe('retention', () => {
  it('compacts an ended run to its final frame after the reconnect window, then expires the session', async () => {
    const { app, store, config } = makeApp({ retentionSweepMs: 0 });
    const sessionId = await init(app);
    const frames = await readFrames(await say(app, sessionId, '/echo one two three four'));
    const executionId = frames[0]!.data.executionId;
    expect(replyText(frames)).toBe('one two three four');

    // Within the window nothing changes.
    const stored = (await store.listEvents(executionId, 0)).length;
    expect((await purgeExpired(store, config.retention, Date.now() + 5 * 60_000)).events).toBe(0);
    const later = await purgeExpired(store, config.retention, Date.now() + 11 * 60_000);
    expect(later.events).toBe(stored - 1);
    expect(await store.listEvents(executionId, 0)).toMatchObject([{ type: 'execution_complete' }]);
    // A late reconnect still learns how the run ended.
    const res = await reconnect(app, { sessionId, executionId, after: 0 });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/event: execution_complete/);

    const month = await purgeExpired(store, config.retention, Date.now() + 31 * 86_400_000);
    expect(month).toMatchObject({ sessions: 1, runs: 1, events: 1 });
    expect(await store.getSession(sessionId)).toBeUndefined();
    expect(await store.getRun(executionId)).toBeUndefined();
  });
});
