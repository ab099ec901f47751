/**
 * The contract every `Store` must keep, as one vitest suite that `store.test.ts` runs against each
 * implementation. Not a test file itself.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { ModelMessage } from '../models/types.js';
import type { RunRecord, SessionRecord, SessionSummary, Store } from './types.js';

const T0 = '2030-01-01T00:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

/** A session with every kind of message, a tool set, and text SQL and JSON must not mangle. */
export function sampleSession(id: string): SessionRecord {
  return {
    id,
    surfaceId: 'storefront',
    token: 'ct_test_demo',
    origin: 'http://localhost:5173',
    createdAt: T0,
    updatedAt: at(5),
    expiresAt: at(60),
    transcript: [
      { role: 'user', content: 'find a mug — \'quoted\' "double" ☕ 🧉' },
      {
        role: 'assistant',
        content: null,
        toolCalls: [
          {
            id: 'call_1',
            name: 'webmcp__search',
            arguments: { query: 'mug', limit: 3, nested: { deep: [1, 2.5, null] } },
          },
        ],
      },
      { role: 'tool', toolCallId: 'call_1', name: 'webmcp__search', content: 'a\u0000b\nline two', isError: false },
      { role: 'assistant', content: 'Found it.' },
    ],
    messageTimes: [T0, at(0.5), null, at(1)],
    calls: { call_1: { name: 'search', groupId: 'grp_1', durationMs: 1234 } },
    toolSets: {
      fp1: [
        {
          name: 'search',
          description: 'Search the shop',
          parametersSchema: { type: 'object', properties: { query: { type: 'string' } } },
          origin: 'webmcp',
        },
      ],
    },
  };
}

/** A run paused at version 2 with one pending call; `patch` overrides fields. */
export function sampleRun(id: string, patch: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    sessionId: 'sess_1',
    surfaceId: 'storefront',
    agentId: 'shop',
    status: 'awaiting',
    iteration: 1,
    seq: 7,
    history: sampleSession('s').transcript,
    transcriptLength: 1,
    messageTimes: [at(0.5), null, at(1)],
    calls: { call_1: { name: 'search', groupId: 'grp_1' } },
    pending: [
      {
        toolCallId: 'call_1',
        canonicalName: 'webmcp:search',
        bareName: 'search',
        providerName: 'webmcp__search',
        parameters: { query: 'mug' },
      },
    ],
    tools: sampleSession('s').toolSets.fp1!,
    version: 2,
    createdAt: T0,
    updatedAt: at(1),
    pausedAt: at(1),
    ...patch,
  };
}

/** A `text_delta` event at `seq`. */
export const sampleEvent = (executionId: string, seq: number): StreamEvent => ({
  type: 'text_delta',
  executionId,
  seq,
  id: `text_${seq}`,
  delta: `word ${seq} `,
});

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
      for (const id of ['exec_taken', 'exec_waiting', 'exec_missing'])
        expect(await store.listEvents(id, 0)).toEqual([]);
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
        expect((await store.listEvents(id, 17)).map((e) => e.seq)).toEqual(
          Array.from({ length: 13 }, (_, i) => i + 18),
        );
        expect(await store.listEvents(id, 30)).toEqual([]);
      }
      expect(await store.listEvents('exec_none', 0)).toEqual([]);
      await store.appendEvents('exec_1', []);
      expect(await store.listEvents('exec_1', 29)).toHaveLength(1);
    });

    it('refuses a seq already stored for the execution, writing nothing of that batch', async () => {
      const store = await fresh();
      await store.appendEvents('exec_d', [sampleEvent('exec_d', 1), sampleEvent('exec_d', 2)]);
      await expect(
        store.appendEvents('exec_d', [sampleEvent('exec_d', 3), sampleEvent('exec_d', 2)]),
      ).rejects.toThrow();
      // Alone, or starting past the first seq of the batch that stored it.
      await expect(store.appendEvents('exec_d', [sampleEvent('exec_d', 2)])).rejects.toThrow();
      await expect(
        store.appendEvents('exec_d', [sampleEvent('exec_d', 2), sampleEvent('exec_d', 3)]),
      ).rejects.toThrow();
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
      const results = await Promise.all(
        Array.from({ length: 50 }, () => store.takeOverRun('exec_tr', 2, at(0), at(0))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.getRun('exec_tr')).toMatchObject({ status: 'running', version: 3 });
    });

    it('upserts tool sightings: count grows, firstSeen kept, lastSeen/status/reason the latest', async () => {
      const store = await fresh();
      const origin = 'https://shop.example';
      await store.recordToolSightings(
        's1',
        origin,
        [
          { toolName: 'search', status: 'admitted', reason: 'rule_matched' },
          { toolName: 'pay', status: 'rejected', reason: 'tool_not_listed' },
        ],
        at(1),
      );
      await store.recordToolSightings(
        's1',
        origin,
        [{ toolName: 'search', status: 'rejected', reason: 'origin_not_listed' }],
        at(2),
      );
      await store.recordToolSightings(
        's1',
        origin,
        [
          { toolName: 'cart', status: 'admitted', reason: 'no_allowlist' },
          { toolName: 'cart', status: 'admitted', reason: 'rule_matched' },
        ],
        at(3),
      );
      await store.recordToolSightings(
        's1',
        'https://other.example',
        [{ toolName: 'search', status: 'admitted', reason: 'rule_matched' }],
        at(4),
      );
      await store.recordToolSightings(
        's2',
        origin,
        [{ toolName: 'search', status: 'admitted', reason: 'rule_matched' }],
        at(5),
      );
      await store.recordToolSightings('s2', origin, [], at(6));
      const byKey = (list: Awaited<ReturnType<Store['listToolSightings']>>) =>
        [...list].sort((a, b) =>
          `${a.surfaceId} ${a.origin} ${a.toolName}`.localeCompare(`${b.surfaceId} ${b.origin} ${b.toolName}`),
        );
      expect(byKey(await store.listToolSightings('s1'))).toEqual([
        {
          surfaceId: 's1',
          origin: 'https://other.example',
          toolName: 'search',
          status: 'admitted',
          reason: 'rule_matched',
          firstSeen: at(4),
          lastSeen: at(4),
          count: 1,
        },
        {
          surfaceId: 's1',
          origin,
          toolName: 'cart',
          status: 'admitted',
          reason: 'rule_matched',
          firstSeen: at(3),
          lastSeen: at(3),
          count: 2,
        },
        {
          surfaceId: 's1',
          origin,
          toolName: 'pay',
          status: 'rejected',
          reason: 'tool_not_listed',
          firstSeen: at(1),
          lastSeen: at(1),
          count: 1,
        },
        {
          surfaceId: 's1',
          origin,
          toolName: 'search',
          status: 'rejected',
          reason: 'origin_not_listed',
          firstSeen: at(1),
          lastSeen: at(2),
          count: 2,
        },
      ]);
      expect(await store.listToolSightings('s2')).toEqual([
        {
          surfaceId: 's2',
          origin,
          toolName: 'search',
          status: 'admitted',
          reason: 'rule_matched',
          firstSeen: at(5),
          lastSeen: at(5),
          count: 1,
        },
      ]);
      expect(await store.listToolSightings()).toHaveLength(5);
      expect(await store.listToolSightings('s3')).toEqual([]);
    });

    it('counts origins per surface, keeping firstSeen', async () => {
      const store = await fresh();
      for (const minute of [1, 2, 3]) await store.recordOrigin('s1', 'https://a.example', at(minute));
      await store.recordOrigin('s2', 'https://a.example', at(4));
      expect(await store.listOrigins('s1')).toEqual([
        { surfaceId: 's1', origin: 'https://a.example', firstSeen: at(1), lastSeen: at(3), requests: 3 },
      ]);
      expect(await store.listOrigins('s2')).toEqual([
        { surfaceId: 's2', origin: 'https://a.example', firstSeen: at(4), lastSeen: at(4), requests: 1 },
      ]);
      expect(await store.listOrigins()).toHaveLength(2);
      expect(await store.listOrigins('s3')).toEqual([]);
    });

    it('gets, sets, overwrites, deletes and lists settings by prefix, with JSON values', async () => {
      const store = await fresh();
      expect(await store.getSetting('surface:a')).toBeUndefined();
      const values: Record<string, unknown> = {
        'surface:a': { agent: 'shop', tokens: [{ token: 'ct_test_x' }], n: 1.5 },
        'surface:b': [1, 'two', null],
        'surface:c': 'text',
        'surface:d': 0,
        'surface:e': false,
        'surface:f': null,
        surfaces: 'not under the prefix',
        'a%_': 'like chars',
        other: true,
      };
      for (const [key, value] of Object.entries(values)) await store.setSetting(key, value);
      for (const [key, value] of Object.entries(values)) expect(await store.getSetting(key)).toEqual(value);
      expect(await store.getSetting('surface:f')).toBeNull();
      await store.setSetting('surface:c', { replaced: true });
      await store.setSetting('surface:e', undefined);
      expect(await store.getSetting('surface:e')).toBeUndefined();
      const list = await store.listSettings('surface:');
      expect(list.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
        { key: 'surface:a', value: values['surface:a'] },
        { key: 'surface:b', value: values['surface:b'] },
        { key: 'surface:c', value: { replaced: true } },
        { key: 'surface:d', value: 0 },
        { key: 'surface:f', value: null },
      ]);
      expect(await store.listSettings('a%')).toEqual([{ key: 'a%_', value: 'like chars' }]);
      expect(await store.listSettings('a_')).toEqual([]);
      expect(await store.listSettings('')).toHaveLength(8);
    });

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
