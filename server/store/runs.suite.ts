/**
 * The part of the store contract about runs (`store.suite.ts` registers it): saving and claiming
 * them, committing a segment with its events, expiry, heartbeats and takeovers, each under races.
 * Not a test file.
 */
import { expect, it } from 'vitest';
import type { ModelMessage } from '../models/types.js';
import type { SessionRecord, Store } from './types.js';
import { at, sampleEvent, sampleRun, sampleSession } from './samples.js';

/** Registers the run tests of the store contract; `fresh` opens a store that is closed after the test. */
export function describeRunContract(fresh: () => Promise<Store>): void {
  it('round-trips runs, with and without pausedAt, and a save overwrites', async () => {
    const store = await fresh();
    expect(await store.getRun('nope')).toBeUndefined();
    const run = sampleRun('exec_a');
    await store.saveRun(run);
    expect(await store.getRun('exec_a')).toEqual(run);
    const { pausedAt: _, ...running } = {
      ...run,
      status: 'running' as const,
      version: 3,
      updatedAt: at(2),
      pending: [],
    };
    await store.saveRun(running);
    const got = await store.getRun('exec_a');
    expect(got).toEqual(running);
    expect(got).not.toHaveProperty('pausedAt');
  });

  it('claims an awaiting run at its version once: running, version + 1, the rest unchanged', async () => {
    const store = await fresh();
    const run = sampleRun('exec_c');
    await store.saveRun(run);
    const claimed = await store.claimRun('exec_c', 2);
    expect(claimed).toMatchObject({ status: 'running', version: 3 });
    expect(claimed!.updatedAt).not.toBe(run.updatedAt);
    expect({ ...claimed, status: run.status, version: run.version, updatedAt: run.updatedAt }).toEqual(run);
    expect(await store.getRun('exec_c')).toEqual(claimed);
    expect(await store.claimRun('exec_c', 2)).toBeUndefined();
    expect(await store.claimRun('exec_c', 3)).toBeUndefined(); // running now, even at the current version
    expect(await store.claimRun('nope', 1)).toBeUndefined();
  });

  it('claims with the run the caller read: the same claimed run as read back, once', async () => {
    const store = await fresh();
    await store.saveRun(sampleRun('exec_r'));
    const read = (await store.getRun('exec_r'))!;
    const claimed = await store.claimRun('exec_r', 2, read);
    expect(claimed).toMatchObject({ status: 'running', version: 3 });
    expect(await store.getRun('exec_r')).toEqual(claimed);
    expect(await store.claimRun('exec_r', 2, read)).toBeUndefined();
  });

  it('refuses a claim at a wrong version or of a run that is not awaiting, changing nothing', async () => {
    const store = await fresh();
    await store.saveRun(sampleRun('exec_v'));
    expect(await store.claimRun('exec_v', 1)).toBeUndefined();
    expect(await store.claimRun('exec_v', 3)).toBeUndefined();
    expect(await store.getRun('exec_v')).toEqual(sampleRun('exec_v'));
    for (const status of ['running', 'completed', 'failed', 'expired'] as const) {
      await store.saveRun(sampleRun(`exec_${status}`, { status }));
      expect(await store.claimRun(`exec_${status}`, 2)).toBeUndefined();
      expect((await store.getRun(`exec_${status}`))!.version).toBe(2);
    }
  });

  it('lets exactly one of 50 concurrent claims of one paused run win', async () => {
    const store = await fresh();
    await store.saveRun(sampleRun('exec_race'));
    const results = await Promise.all(Array.from({ length: 50 }, () => store.claimRun('exec_race', 2)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.getRun('exec_race')).toMatchObject({ status: 'running', version: 3 });
  });

  it('commits a segment in one write: the run at the expected version, its events and its session change', async () => {
    const store = await fresh();
    await store.saveSession(sampleSession('sess_1'));
    await store.saveRun(sampleRun('exec_seg', { status: 'running', version: 4 }));
    const ended = sampleRun('exec_seg', { status: 'completed', version: 5, updatedAt: at(9), pending: [] });
    const events = [sampleEvent('exec_seg', 7), sampleEvent('exec_seg', 8)];
    const added: ModelMessage = { role: 'assistant', content: 'Committed.' };
    expect(
      await store.commitSegment({
        run: ended,
        expectVersion: 4,
        events,
        session: (s) => void s.transcript.push(added),
      }),
    ).toBe(true);
    expect(await store.getRun('exec_seg')).toEqual(ended);
    expect(await store.listEvents('exec_seg', 0)).toEqual(events);
    const session = (await store.getSession('sess_1'))!;
    expect(session.transcript.at(-1)).toEqual(added);
    expect(session.updatedAt).toBe(at(9));
  });

  it('commits nothing at another version, of a run that is not running, or with a seq already stored', async () => {
    const store = await fresh();
    await store.saveSession(sampleSession('sess_1'));
    const transcript = sampleSession('sess_1').transcript;
    const change = (s: SessionRecord) => void s.transcript.push({ role: 'user', content: 'lost' });
    await store.saveRun(sampleRun('exec_taken', { status: 'running', version: 6 }));
    const attempt = (id: string, expectVersion: number, seqs: number[]) =>
      store.commitSegment({
        run: sampleRun(id, { status: 'completed', version: expectVersion + 1 }),
        expectVersion,
        events: seqs.map((seq) => sampleEvent(id, seq)),
        session: change,
      });
    // taken over: the stored version moved on
    expect(await attempt('exec_taken', 5, [1])).toBe(false);
    expect(await store.getRun('exec_taken')).toMatchObject({ status: 'running', version: 6 });
    // awaiting (not running) at the expected version
    await store.saveRun(sampleRun('exec_waiting'));
    expect(await attempt('exec_waiting', 2, [1])).toBe(false);
    expect(await attempt('exec_missing', 1, [1])).toBe(false);
    for (const id of ['exec_taken', 'exec_waiting', 'exec_missing']) expect(await store.listEvents(id, 0)).toEqual([]);
    // a seq already stored: the whole commit is refused
    await store.appendEvents('exec_taken', [sampleEvent('exec_taken', 2)]);
    await expect(attempt('exec_taken', 6, [1, 2])).rejects.toThrow();
    expect(await store.getRun('exec_taken')).toMatchObject({ status: 'running', version: 6 });
    expect((await store.listEvents('exec_taken', 0)).map((e) => e.seq)).toEqual([2]);
    expect((await store.getSession('sess_1'))!.transcript).toEqual(transcript);
  });

  it('commits a claiming segment only from the paused run at its version, once of 20 racing', async () => {
    const store = await fresh();
    await store.saveSession(sampleSession('sess_1'));
    await store.saveRun(sampleRun('exec_late'));
    const change = (s: SessionRecord) => void s.transcript.push({ role: 'assistant', content: 'Once.' });
    const attempt = (n: number) =>
      store.commitSegment({
        run: sampleRun('exec_late', { status: 'completed', version: 3, pending: [], segmentId: `seg_${n}` }),
        expectVersion: 2,
        events: [sampleEvent('exec_late', 7)],
        session: change,
        claim: true,
      });
    const results = await Promise.all(Array.from({ length: 20 }, (_, n) => attempt(n)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await store.getRun('exec_late')).toMatchObject({
      status: 'completed',
      version: 3,
      segmentId: `seg_${winner}`,
    });
    expect((await store.listEvents('exec_late', 0)).map((e) => e.seq)).toEqual([7]);
    expect((await store.getSession('sess_1'))!.transcript.filter((m) => m.content === 'Once.')).toHaveLength(1);
    // A claiming commit of a run already claimed (running) is refused, and so is a plain one of a paused run.
    await store.saveRun(sampleRun('exec_claimed'));
    expect(await store.claimRun('exec_claimed', 2)).toBeTruthy();
    expect(
      await store.commitSegment({
        run: sampleRun('exec_claimed', { status: 'completed', version: 3 }),
        expectVersion: 2,
        events: [],
        claim: true,
      }),
    ).toBe(false);
    expect(await store.getRun('exec_claimed')).toMatchObject({ status: 'running', version: 3 });
  });

  it('lists events in seq order with the after filter, across interleaved executions', async () => {
    const store = await fresh();
    const ids = ['exec_1', 'exec_2', 'exec_3', 'exec_4'];
    for (let seq = 1; seq <= 30; seq += 3) {
      // Batches of three per execution, the executions written concurrently.
      await Promise.all(
        ids.map((id) =>
          store.appendEvents(id, [sampleEvent(id, seq), sampleEvent(id, seq + 1), sampleEvent(id, seq + 2)]),
        ),
      );
    }
    for (const id of ids) {
      const all = await store.listEvents(id, 0);
      expect(all).toEqual(Array.from({ length: 30 }, (_, i) => sampleEvent(id, i + 1)));
      expect((await store.listEvents(id, 17)).map((e) => e.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 18));
      expect(await store.listEvents(id, 30)).toEqual([]);
    }
    expect(await store.listEvents('exec_none', 0)).toEqual([]);
    await store.appendEvents('exec_1', []);
    expect(await store.listEvents('exec_1', 29)).toHaveLength(1);
  });

  it('refuses a seq already stored for the execution, writing nothing of that batch', async () => {
    const store = await fresh();
    await store.appendEvents('exec_d', [sampleEvent('exec_d', 1), sampleEvent('exec_d', 2)]);
    await expect(store.appendEvents('exec_d', [sampleEvent('exec_d', 3), sampleEvent('exec_d', 2)])).rejects.toThrow();
    // Alone, or starting past the first seq of the batch that stored it.
    await expect(store.appendEvents('exec_d', [sampleEvent('exec_d', 2)])).rejects.toThrow();
    await expect(store.appendEvents('exec_d', [sampleEvent('exec_d', 2), sampleEvent('exec_d', 3)])).rejects.toThrow();
    expect((await store.listEvents('exec_d', 0)).map((e) => e.seq)).toEqual([1, 2]);
    await store.appendEvents('exec_other', [sampleEvent('exec_other', 1)]); // same seq, other execution
  });

  it('expires only awaiting runs paused before the cutoff; a later claim of one fails', async () => {
    const store = await fresh();
    await store.saveRun(sampleRun('old', { pausedAt: at(-10) }));
    await store.saveRun(sampleRun('at_cutoff', { pausedAt: at(0) }));
    await store.saveRun(sampleRun('recent', { pausedAt: at(10) }));
    await store.saveRun(sampleRun('old_running', { status: 'running', pausedAt: at(-10) }));
    await store.saveRun(sampleRun('old_completed', { status: 'completed', pausedAt: at(-10) }));
    const { pausedAt: _, ...unpaused } = sampleRun('unpaused');
    await store.saveRun(unpaused);
    expect(await store.expirePausedRuns(at(0))).toBe(1);
    expect(await store.getRun('old')).toMatchObject({ status: 'expired', version: 3 });
    expect(await store.claimRun('old', 2)).toBeUndefined();
    expect(await store.claimRun('old', 3)).toBeUndefined();
    for (const id of ['at_cutoff', 'recent', 'unpaused'])
      expect(await store.getRun(id)).toMatchObject({ status: 'awaiting', version: 2 });
    expect(await store.getRun('old_running')).toMatchObject({ status: 'running', version: 2 });
    expect(await store.getRun('old_completed')).toMatchObject({ status: 'completed', version: 2 });
    expect(await store.expirePausedRuns(at(0))).toBe(0);
    expect(await store.claimRun('recent', 2)).toMatchObject({ status: 'running' });
  });

  it('keeps the heartbeat of a running run at its version only, and lists runs whose last sign of life is stale', async () => {
    const store = await fresh();
    const running = (id: string, minutes: number) =>
      sampleRun(id, { status: 'running', updatedAt: at(minutes), pausedAt: undefined as never });
    await store.saveRun(running('beating', -10));
    await store.saveRun(running('silent', -10));
    await store.saveRun(running('fresh', 5));
    await store.saveRun(sampleRun('paused', { updatedAt: at(-10) }));
    await store.saveRun(sampleRun('done', { status: 'completed', updatedAt: at(-10) }));
    expect(await store.heartbeatRun('beating', 2, at(2))).toBe(true);
    expect(await store.heartbeatRun('beating', 3, at(3))).toBe(false); // another version: taken over
    expect(await store.heartbeatRun('paused', 2, at(3))).toBe(false);
    expect(await store.heartbeatRun('done', 2, at(3))).toBe(false);
    expect(await store.heartbeatRun('nope', 1, at(3))).toBe(false);
    // A heartbeat changes nothing a reader of the record sees.
    expect(await store.getRun('beating')).toEqual(running('beating', -10));
    expect((await store.listStaleRuns(at(0), 10)).map((r) => r.id)).toEqual(['silent']);
    expect((await store.listStaleRuns(at(4), 10)).map((r) => r.id)).toEqual(['silent', 'beating']);
    expect((await store.listStaleRuns(at(10), 10)).map((r) => r.id)).toEqual(['silent', 'beating', 'fresh']);
    expect((await store.listStaleRuns(at(10), 1)).map((r) => r.id)).toEqual(['silent']);
  });

  it('takes over a stale running run once: version + 1, still running, the heartbeat of its old owner refused', async () => {
    const store = await fresh();
    const run = sampleRun('exec_t', { status: 'running', updatedAt: at(-10) });
    await store.saveRun(run);
    await store.heartbeatRun('exec_t', 2, at(-5));
    expect(await store.takeOverRun('exec_t', 2, at(-5), at(0))).toBeUndefined(); // beat at the cutoff: alive
    expect(await store.takeOverRun('exec_t', 1, at(0), at(0))).toBeUndefined();
    const taken = await store.takeOverRun('exec_t', 2, at(0), at(0));
    expect(taken).toMatchObject({ status: 'running', version: 3, updatedAt: at(-10), history: run.history });
    expect(await store.takeOverRun('exec_t', 2, at(1), at(1))).toBeUndefined();
    // The taker's heartbeat is fresh: nobody else takes it over until it goes stale in turn.
    expect(await store.listStaleRuns(at(0), 10)).toEqual([]);
    expect(await store.heartbeatRun('exec_t', 2, at(1))).toBe(false);
    expect(await store.heartbeatRun('exec_t', 3, at(1))).toBe(true);
    await store.saveRun(sampleRun('exec_a', { status: 'awaiting', updatedAt: at(-10) }));
    expect(await store.takeOverRun('exec_a', 2, at(0), at(0))).toBeUndefined();
  });

  it('lets exactly one of 50 concurrent takeovers of one stale run win', async () => {
    const store = await fresh();
    await store.saveRun(sampleRun('exec_tr', { status: 'running', updatedAt: at(-10) }));
    const results = await Promise.all(Array.from({ length: 50 }, () => store.takeOverRun('exec_tr', 2, at(0), at(0))));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.getRun('exec_tr')).toMatchObject({ status: 'running', version: 3 });
  });
}
