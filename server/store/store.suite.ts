/**
 * The contract every `Store` must keep, as one vitest suite that `store.test.ts` runs against each
 * implementation. Not a test file itself.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ModelMessage } from '../models/types.js';
import type { RunRecord, SessionRecord, SessionSummary, Store } from './types.js';
import { describeRunContract } from './runs.suite.js';
import { describeBoundaryContract } from './boundary.suite.js';
import { at, sampleEvent, sampleRun, sampleSession, T0 } from './samples.js';

export { sampleEvent, sampleRun, sampleSession } from './samples.js';

/**
 * 50 sessions × 5 rounds of two concurrent chats ending (each appends a user message and an answer)
 * racing a tool-set save, spread over `stores` (handles on one database). Every entry must survive:
 * a read-then-write of the whole record would keep only one writer's messages per round.
 */
export async function expectNoLostUpdates(stores: readonly Store[], sessions = 50, rounds = 5): Promise<void> {
  const ids = Array.from({ length: sessions }, (_, i) => `sess_race_${i}`);
  for (const id of ids)
    await stores[0]!.saveSession({ ...sampleSession(id), transcript: [], messageTimes: [], toolSets: {} });
  let turn = 0;
  for (let round = 0; round < rounds; round++) {
    await Promise.all(
      ids.flatMap((id) => {
        const chat = (tab: string) => {
          const store = stores[turn++ % stores.length]!;
          return store.updateSession(id, (s) => {
            s.transcript.push(
              { role: 'user', content: `${tab}${round}` },
              { role: 'assistant', content: `re ${tab}${round}` },
            );
            s.messageTimes = [...(s.messageTimes ?? []), null, null];
          });
        };
        const tools = stores[turn++ % stores.length]!.updateSession(id, (s) => {
          s.toolSets = { ...s.toolSets, [`fp${round}`]: [] };
        });
        return [chat('a'), chat('b'), tools];
      }),
    );
  }
  for (const id of ids) {
    const saved = (await stores[0]!.getSession(id))!;
    const expected = Array.from({ length: rounds }, (_, r) => [`a${r}`, `re a${r}`, `b${r}`, `re b${r}`]).flat();
    expect(saved.transcript.map((m) => m.content).sort()).toEqual(expected.sort());
    expect(saved.messageTimes).toHaveLength(rounds * 4);
    expect(Object.keys(saved.toolSets).sort()).toEqual(Array.from({ length: rounds }, (_, r) => `fp${r}`));
  }
}

/**
 * Registers the store contract tests. Each test gets a fresh store from `open` (closed after it);
 * `cleanup` runs once after all of them.
 */
export function describeStore(name: string, open: () => Promise<Store>, cleanup?: () => Promise<void> | void): void {
  describe(`${name} — Store contract`, () => {
    const opened: Store[] = [];
    const fresh = async () => opened[opened.push(await open()) - 1]!;
    afterEach(() => Promise.all(opened.splice(0).map((s) => s.close())));
    if (cleanup) afterAll(cleanup);

    it('round-trips sessions, and a save overwrites', async () => {
      const store = await fresh();
      expect(await store.getSession('nope')).toBeUndefined();
      const session = sampleSession('sess_a');
      await store.saveSession(session);
      expect(await store.getSession('sess_a')).toEqual(session);
      session.transcript.push({ role: 'user', content: 'more' });
      session.toolSets.fp2 = [];
      await store.saveSession(session);
      expect(await store.getSession('sess_a')).toEqual(session);
    });

    it('updates a session atomically: the change sees the stored record; a missing session stays missing', async () => {
      const store = await fresh();
      expect(await store.updateSession('nope', () => {})).toBeUndefined();
      expect(await store.getSession('nope')).toBeUndefined();
      await store.saveSession(sampleSession('sess_u'));
      const saved = await store.updateSession('sess_u', (s) => {
        s.transcript.push({ role: 'user', content: 'more' });
        s.updatedAt = at(1); // earlier than the stored one: kept as it was
      });
      const expected = { ...sampleSession('sess_u'), updatedAt: at(5) };
      expected.transcript.push({ role: 'user', content: 'more' });
      expect(saved).toEqual(expected);
      expect(await store.getSession('sess_u')).toEqual(expected);
      // A change that throws stores nothing.
      await expect(
        store.updateSession('sess_u', (s) => {
          s.transcript = [];
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(await store.getSession('sess_u')).toEqual(expected);
    });

    it('loses no transcript entry or tool set to concurrent writers of one session', async () => {
      await expectNoLostUpdates([await fresh()]);
    }, 60_000);

    describeRunContract(fresh);

    describeBoundaryContract(fresh);

    it('hands out copies: changing a saved or returned object does not change the store', async () => {
      const store = await fresh();
      const session = sampleSession('sess_copy');
      const run = sampleRun('exec_copy');
      const event = sampleEvent('exec_copy', 1);
      const setting = { list: [1] };
      await store.saveSession(session);
      await store.saveRun(run);
      await store.appendEvents('exec_copy', [event]);
      await store.setSetting('k', setting);
      await store.recordToolSightings('s', 'o', [{ toolName: 't', status: 'admitted', reason: 'rule_matched' }], at(1));
      await store.recordOrigin('s', 'o', at(1));
      session.transcript.length = 0;
      run.pending.length = 0;
      (event as { delta: string }).delta = 'changed';
      setting.list.push(2);
      (await store.getSession('sess_copy'))!.transcript.length = 0;
      (await store.getRun('exec_copy'))!.history.length = 0;
      (await store.claimRun('exec_copy', 2))!.pending.length = 0;
      (await store.listEvents('exec_copy', 0))[0]!.seq = 99;
      ((await store.getSetting('k')) as { list: number[] }).list.push(3);
      (await store.listSettings('k'))[0]!.value = 'changed';
      (await store.listToolSightings('s'))[0]!.count = 99;
      (await store.listOrigins('s'))[0]!.requests = 99;
      expect(await store.getSession('sess_copy')).toEqual(sampleSession('sess_copy'));
      expect(await store.getRun('exec_copy')).toMatchObject({
        history: sampleRun('x').history,
        pending: sampleRun('x').pending,
      });
      expect(await store.listEvents('exec_copy', 0)).toEqual([sampleEvent('exec_copy', 1)]);
      expect(await store.getSetting('k')).toEqual({ list: [1] });
      expect(await store.listSettings('k')).toEqual([{ key: 'k', value: { list: [1] } }]);
      expect((await store.listToolSightings('s'))[0]!.count).toBe(1);
      expect((await store.listOrigins('s'))[0]!.requests).toBe(1);
    });

    it('keeps updatedAt: createdAt at first, never moved back, raised by saving or committing one of its runs, not by a claim', async () => {
      const store = await fresh();
      const { updatedAt: _, ...fresh_ } = sampleSession('sess_u');
      await store.saveSession(fresh_);
      expect((await store.getSession('sess_u'))!.updatedAt).toBe(T0);
      await store.saveSession({ ...fresh_, updatedAt: at(10) });
      expect((await store.getSession('sess_u'))!.updatedAt).toBe(at(10));
      await store.saveSession({ ...fresh_, updatedAt: at(5), transcript: [] });
      expect(await store.getSession('sess_u')).toMatchObject({ updatedAt: at(10), transcript: [] });
      await store.saveRun(sampleRun('exec_u', { sessionId: 'sess_u', updatedAt: at(20) }));
      expect((await store.getSession('sess_u'))!.updatedAt).toBe(at(20));
      await store.saveRun(sampleRun('exec_u', { sessionId: 'sess_u', updatedAt: at(15) }));
      expect((await store.getSession('sess_u'))!.updatedAt).toBe(at(20));
      // A claim stamps the present on the run only; the segment's commit then raises the session to
      // its run's time, whether or not it changes the session's transcript.
      const past = '2001-01-01T00:00:00.000Z';
      for (const [id, merge] of [
        ['past', (s: SessionRecord) => void s.transcript.push({ role: 'assistant', content: 'later' })],
        ['past_plain', undefined],
      ] as const) {
        await store.saveSession({ ...sampleSession(`sess_${id}`), createdAt: past, updatedAt: past });
        await store.saveRun(
          sampleRun(`exec_${id}`, { sessionId: `sess_${id}`, createdAt: past, updatedAt: past, pausedAt: past }),
        );
        const before = new Date().toISOString();
        const claimed = (await store.claimRun(`exec_${id}`, 2))!;
        expect(claimed.updatedAt >= before).toBe(true);
        expect((await store.getSession(`sess_${id}`))!.updatedAt).toBe(past);
        expect(await store.claimRun(`exec_${id}`, 2)).toBeUndefined();
        const ended = { ...claimed, status: 'completed' as const, version: claimed.version + 1, pending: [] };
        const commit = { run: ended, expectVersion: claimed.version, events: [], ...(merge ? { session: merge } : {}) };
        expect(await store.commitSegment(commit)).toBe(true);
        expect((await store.getSession(`sess_${id}`))!.updatedAt).toBe(claimed.updatedAt);
      }
      await store.saveRun(sampleRun('exec_orphan', { sessionId: 'sess_none' }));
      expect(await store.getSession('sess_none')).toBeUndefined();
    });

    it('lists sessions with messages newest first, counting runs not yet in the transcript, by surface and in pages', async () => {
      const store = await fresh();
      const chat = (n: number): ModelMessage[] =>
        Array.from({ length: n }, (_, i) =>
          i % 2 === 0 ? { role: 'user', content: `q${i}` } : { role: 'assistant', content: `a${i}` },
        );
      const session = (id: string, surfaceId: string, minute: number, transcript: ModelMessage[]): SessionRecord => ({
        ...sampleSession(id),
        surfaceId,
        origin: `https://${id}.example`,
        createdAt: at(0),
        updatedAt: at(minute),
        transcript,
        messageTimes: [],
        calls: {},
      });
      const run = (
        id: string,
        sessionId: string,
        status: RunRecord['status'],
        history: ModelMessage[],
        transcriptLength: number,
      ) => sampleRun(id, { sessionId, status, history, transcriptLength, createdAt: at(0), updatedAt: at(0) });
      const paused: ModelMessage[] = [
        { role: 'user', content: 'find' },
        { role: 'assistant', content: null, toolCalls: [{ id: 'c', name: 'webmcp__find', arguments: {} }] },
      ];
      await store.saveSession(session('sess_tools', 's1', 3, sampleSession('x').transcript)); // 3 entries, with tools
      await store.saveSession(session('sess_empty', 's1', 9, [])); // no message, no run: not a conversation
      await store.saveSession(session('sess_other', 's2', 2, chat(2)));
      await store.saveSession(session('sess_paused', 's1', 1, []));
      await store.saveRun(run('exec_paused', 'sess_paused', 'awaiting', paused, 0));
      await store.saveSession(session('sess_mixed', 's1', 4, chat(2)));
      await store.saveRun(run('exec_done', 'sess_mixed', 'completed', [...chat(2), ...chat(2)], 2)); // already in the transcript
      await store.saveRun(run('exec_expired', 'sess_mixed', 'expired', [...chat(2), ...paused], 2));
      await store.saveRun(
        run('exec_running', 'sess_mixed', 'running', [...chat(2), { role: 'user', content: 'more' }], 2),
      );
      await store.saveSession(session('sess_tie_a', 's1', 5, chat(1)));
      await store.saveSession(session('sess_tie_b', 's1', 5, chat(1)));
      const summary = (id: string, surfaceId: string, minute: number, messageCount: number, hasTools: boolean) => ({
        id,
        surfaceId,
        origin: `https://${id}.example`,
        createdAt: at(0),
        updatedAt: at(minute),
        messageCount,
        hasTools,
      });
      const all = [
        summary('sess_tie_b', 's1', 5, 1, false),
        summary('sess_tie_a', 's1', 5, 1, false),
        summary('sess_mixed', 's1', 4, 5, true),
        summary('sess_tools', 's1', 3, 3, true),
        summary('sess_other', 's2', 2, 2, false),
        summary('sess_paused', 's1', 1, 2, true),
      ];
      expect(await store.listSessions({ limit: 50 })).toEqual(all);
      expect(await store.listSessions({ limit: 50, surfaceId: 's2' })).toEqual([all[4]]);
      expect(await store.listSessions({ limit: 50, surfaceId: 's3' })).toEqual([]);
      expect(await store.listSessions({ limit: 0 })).toEqual([]);
      for (const surfaceId of [undefined, 's1']) {
        const expected = all.filter((x) => surfaceId === undefined || x.surfaceId === surfaceId);
        const pages: SessionSummary[][] = [];
        let before: { updatedAt: string; id: string } | undefined;
        for (;;) {
          const page = await store.listSessions({
            limit: 2,
            ...(before ? { before } : {}),
            ...(surfaceId ? { surfaceId } : {}),
          });
          if (page.length === 0) break;
          pages.push(page);
          before = { updatedAt: page.at(-1)!.updatedAt, id: page.at(-1)!.id };
        }
        expect(pages.flat()).toEqual(expected);
        expect(pages.every((p) => p.length <= 2)).toBe(true);
      }
      // Between the two that share a time, the page boundary falls by id.
      expect(await store.listSessions({ limit: 1, before: { updatedAt: at(5), id: 'sess_tie_b' } })).toEqual([all[1]]);
      // A resumed run raises its session's position in the list.
      await store.saveRun({ ...run('exec_paused', 'sess_paused', 'awaiting', paused, 0), updatedAt: at(30) });
      expect((await store.listSessions({ limit: 1 }))[0]).toMatchObject({ id: 'sess_paused', updatedAt: at(30) });
    });

    it('lists the runs of a session, oldest first, optionally by status, as copies', async () => {
      const store = await fresh();
      await store.saveRun(sampleRun('exec_b', { sessionId: 'sess_r', createdAt: at(2), status: 'completed' }));
      await store.saveRun(sampleRun('exec_a', { sessionId: 'sess_r', createdAt: at(1) }));
      await store.saveRun(sampleRun('exec_c', { sessionId: 'sess_r', createdAt: at(2), status: 'expired' }));
      await store.saveRun(sampleRun('exec_other', { sessionId: 'sess_other' }));
      expect((await store.listRuns({ sessionId: 'sess_r' })).map((r) => r.id)).toEqual(['exec_a', 'exec_b', 'exec_c']);
      expect((await store.listRuns({ sessionId: 'sess_r', status: ['awaiting', 'expired'] })).map((r) => r.id)).toEqual(
        ['exec_a', 'exec_c'],
      );
      expect(await store.listRuns({ sessionId: 'sess_r', status: [] })).toEqual([]);
      expect(await store.listRuns({ sessionId: 'sess_none' })).toEqual([]);
      const [first] = await store.listRuns({ sessionId: 'sess_r' });
      expect(first).toEqual(sampleRun('exec_a', { sessionId: 'sess_r', createdAt: at(1) }));
      first!.history.length = 0;
      expect((await store.getRun('exec_a'))!.history).toHaveLength(4);
    });

    it('closes, and closing twice is harmless', async () => {
      const store = await fresh();
      await store.saveSession(sampleSession('sess_close'));
      await store.close();
      await store.close();
    });
  });
}
