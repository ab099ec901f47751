/**
 * The outbox and retention parts of the store contract, run by `retention.test.ts` against every
 * store. Not a test file itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sampleEvent, sampleRun, sampleSession } from './store.suite.js';
import type { Store } from './types.js';

const DAY = '2030-01-10T00:00:00.000Z';
const before = (days: number) => new Date(Date.parse(DAY) - days * 86_400_000).toISOString();

export function describeRetention(name: string, open: () => Promise<Store>): void {
  describe(`${name} — outbox and retention`, () => {
    const opened: Store[] = [];
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });
    const fresh = async () => {
      const store = await open();
      opened.push(store);
      return store;
    };

    it('leases due outbox messages once; only the lease holder finishes or retries them', async () => {
      const store = await fresh();
      const message = { url: 'http://127.0.0.1:1/hook', secretEnv: 'HOOK_SECRET', body: '{"a":1}', attempt: 0 };
      await store.outbox.add({ ...message, id: 'msg_1', dueAt: 1_000 });
      await store.outbox.add({ ...message, id: 'msg_2', dueAt: 5_000 });
      expect(await store.outbox.size()).toBe(2);
      const [claimed, ...rest] = await store.outbox.claim(2_000, 10_000, 10);
      expect(rest).toEqual([]);
      expect(claimed).toMatchObject({ ...message, id: 'msg_1', dueAt: 12_000 });
      // Leased: not due again until the lease runs out, even though its old time passed.
      expect(await store.outbox.claim(6_000, 10_000, 10)).toMatchObject([{ id: 'msg_2' }]);
      expect(await store.outbox.retry('msg_1', 'not-the-lease', 1, 3_000)).toBe(false);
      expect(await store.outbox.retry('msg_1', claimed!.lease, 1, 20_000)).toBe(true);
      expect(await store.outbox.claim(15_000, 10_000, 10)).toEqual([]);
      // msg_2's lease ran out at 16,000 (its holder died): it is due again, before msg_1.
      const [late, again] = await store.outbox.claim(20_000, 10_000, 10);
      expect(late).toMatchObject({ id: 'msg_2', attempt: 0 });
      expect(again).toMatchObject({ id: 'msg_1', attempt: 1 });
      expect(await store.outbox.finish('msg_1', claimed!.lease)).toBe(false); // an old lease
      expect(await store.outbox.finish('msg_1', again!.lease)).toBe(true);
      expect(await store.outbox.size()).toBe(1);
    });

    it('gives each of many concurrent claims different messages', async () => {
      const store = await fresh();
      for (let i = 0; i < 30; i++)
        await store.outbox.add({ id: `msg_${i}`, url: 'http://x', secretEnv: 'S', body: '{}', attempt: 0, dueAt: i });
      const claims = await Promise.all(Array.from({ length: 8 }, () => store.outbox.claim(100, 1_000, 5)));
      const ids = claims.flat().map((m) => m.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
    });

    it('deletes expired sessions with their runs and events, ended runs, and old sightings', async () => {
      const store = await fresh();
      await store.saveSession({ ...sampleSession('sess_old'), createdAt: before(40), updatedAt: before(40) });
      await store.saveRun(sampleRun('exec_old', { sessionId: 'sess_old', status: 'completed', updatedAt: before(40) }));
      await store.appendEvents('exec_old', [sampleEvent('exec_old', 1), sampleEvent('exec_old', 2)]);
      await store.saveSession({ ...sampleSession('sess_new'), createdAt: before(1), updatedAt: before(1) });
      await store.saveRun(sampleRun('exec_new', { sessionId: 'sess_new', status: 'completed', updatedAt: before(1) }));
      await store.appendEvents('exec_new', [sampleEvent('exec_new', 1)]);
      // An ended run older than the cutoff whose session is still active.
      await store.saveRun(sampleRun('exec_stale', { sessionId: 'sess_new', status: 'failed', updatedAt: before(35) }));
      await store.recordOrigin('storefront', 'https://old.example', before(100));
      await store.recordOrigin('storefront', 'https://new.example', before(2));
      await store.recordToolSightings(
        'storefront',
        'https://old.example',
        [{ toolName: 'old_tool', status: 'admitted', reason: 'rule_matched' }],
        before(100),
      );

      const counts = await store.purge({ sessionsBefore: before(30), sightingsBefore: before(90) });
      expect(counts).toEqual({ sessions: 1, runs: 2, events: 2, sightings: 2 });
      expect(await store.getSession('sess_old')).toBeUndefined();
      expect(await store.getRun('exec_old')).toBeUndefined();
      expect(await store.getRun('exec_stale')).toBeUndefined();
      expect(await store.listEvents('exec_old', 0)).toEqual([]);
      expect(await store.getSession('sess_new')).toBeDefined();
      expect(await store.listEvents('exec_new', 0)).toHaveLength(1);
      expect((await store.listOrigins()).map((o) => o.origin)).toEqual(['https://new.example']);
      expect(await store.listToolSightings()).toEqual([]);
      expect(await store.listSessions({ limit: 10 })).toHaveLength(1);
    });

    it('compacts the events of ended runs to their last frame, leaving running and paused runs alone', async () => {
      const store = await fresh();
      await store.saveSession(sampleSession('sess_1'));
      const events = (id: string) => Array.from({ length: 5 }, (_, i) => sampleEvent(id, i + 1));
      await store.saveRun(sampleRun('exec_done', { status: 'completed', updatedAt: before(1) }));
      await store.saveRun(sampleRun('exec_paused', { status: 'awaiting', updatedAt: before(1) }));
      await store.saveRun(sampleRun('exec_recent', { status: 'completed', updatedAt: DAY }));
      for (const id of ['exec_done', 'exec_paused', 'exec_recent']) await store.appendEvents(id, events(id));

      const counts = await store.purge({ finishedEventsBefore: before(0.5) });
      expect(counts.events).toBe(4);
      expect(await store.listEvents('exec_done', 0)).toEqual([sampleEvent('exec_done', 5)]);
      expect(await store.listEvents('exec_paused', 0)).toHaveLength(5);
      expect(await store.listEvents('exec_recent', 0)).toHaveLength(5);
      expect((await store.purge({ finishedEventsBefore: before(0.5) })).events).toBe(0);
    });
  });
}
