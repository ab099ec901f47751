import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { RunRecord, RunStatus } from '../store/index.js';
import { followExecution, type FollowSource } from './follow.js';
import { EventHub } from './hub.js';
import { collect } from '../../bridge/test-support/async.js';

/** The `seq` of every event of `source`, once it ends. */
const seqsOf = async (source: AsyncIterable<readonly StreamEvent[]>): Promise<number[]> =>
  (await collect(source)).flat().map((e) => e.seq);

const delta = (seq: number): StreamEvent => ({
  type: 'text_delta',
  executionId: 'exec_1',
  seq,
  id: 'text_1',
  delta: `${seq} `,
});
const complete = (seq: number): StreamEvent => ({
  type: 'execution_complete',
  executionId: 'exec_1',
  seq,
  kind: 'agent',
  success: true,
  stopReason: 'end_turn',
  completedAt: '2026-01-01T00:00:00Z',
});

/** A store another instance writes to: the test appends events and changes the run between polls. */
function fakeSource() {
  const events: StreamEvent[] = [];
  const run = { status: 'running' as RunStatus, seq: 0 };
  let hub: EventHub | undefined;
  let polls = 0;
  let runReads = 0;
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const source: FollowSource = {
    store: {
      async listEvents(_id, after) {
        polls += 1;
        wake();
        return events.filter((e) => e.seq > after).sort((a, b) => a.seq - b.seq);
      },
      async getRun() {
        runReads += 1;
        wake();
        return { ...run } as RunRecord;
      },
    },
    live: () => hub,
  };
  /** Resolves once `done()` holds, re-checked after every store read. */
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return {
    source,
    events,
    run,
    setHub: (h: EventHub | undefined) => (hub = h),
    /** Resolves once the follower has read the run `n` times: it found nothing new and is about to wait. */
    idled: (n: number) => until(() => runReads >= n),
    polls: () => polls,
  };
}

const options = { pollMs: 1, idleTimeoutMs: 5000 };

describe('followExecution', () => {
  it('waits out a gap instead of skipping an event still being written', async () => {
    const fake = fakeSource();
    fake.events.push(delta(1), delta(2), delta(4));
    const reader = seqsOf(followExecution(fake.source, 'exec_1', 0, new AbortController().signal, options));
    await fake.idled(2);
    fake.events.push(delta(3), complete(5));
    expect(await reader).toEqual([1, 2, 3, 4, 5]);
  });

  it('waits for the final frame of a run saved as completed before its last event was stored', async () => {
    const fake = fakeSource();
    fake.events.push(delta(1));
    Object.assign(fake.run, { status: 'completed', seq: 2 });
    const reader = seqsOf(followExecution(fake.source, 'exec_1', 0, new AbortController().signal, options));
    await fake.idled(2);
    fake.events.push(complete(2));
    expect(await reader).toEqual([1, 2]);
  });

  it('ends at once for a paused run whose every event was sent', async () => {
    const fake = fakeSource();
    fake.events.push(delta(1), delta(2));
    Object.assign(fake.run, { status: 'awaiting', seq: 2 });
    expect(await seqsOf(followExecution(fake.source, 'exec_1', 0, new AbortController().signal, options))).toEqual([
      1, 2,
    ]);
    expect(await seqsOf(followExecution(fake.source, 'exec_1', 2, new AbortController().signal, options))).toEqual([]);
  });

  it('switches from polling to the live hub once the run starts in this process, without repeats', async () => {
    const fake = fakeSource();
    fake.events.push(delta(1), delta(2));
    const reader = seqsOf(
      followExecution(fake.source, 'exec_1', 0, new AbortController().signal, { pollMs: 1, idleTimeoutMs: 50 }),
    );
    await fake.idled(1);
    // Only the hub has the new events: a follower that kept polling would time out without them.
    const hub = new EventHub(3);
    hub.push(delta(3));
    hub.push(delta(4));
    fake.setHub(hub);
    hub.push(complete(5));
    hub.close();
    expect(await reader).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads earlier segments from the store before following the hub', async () => {
    const fake = fakeSource();
    fake.events.push(delta(1), delta(2), delta(3));
    const hub = new EventHub(4);
    hub.push(delta(4));
    fake.setHub(hub);
    const reader = seqsOf(followExecution(fake.source, 'exec_1', 1, new AbortController().signal, options));
    hub.push(complete(5));
    hub.close();
    expect(await reader).toEqual([2, 3, 4, 5]);
  });

  it('sends the events after a hole that lasts, and at once after one in a run at rest', async () => {
    const fake = fakeSource();
    fake.events.push(delta(1), delta(3));
    const reader = seqsOf(
      followExecution(fake.source, 'exec_1', 0, new AbortController().signal, { ...options, gapWaitMs: 20 }),
    );
    await fake.idled(2);
    fake.events.push(complete(4));
    expect(await reader).toEqual([1, 3, 4]);
    // A failed run whose event 2 was never stored: nothing will fill the hole.
    const ended = fakeSource();
    ended.events.push(delta(1), delta(3), complete(4));
    Object.assign(ended.run, { status: 'failed', seq: 4 });
    const signal = new AbortController().signal;
    expect(await seqsOf(followExecution(ended.source, 'exec_1', 0, signal, { ...options, gapWaitMs: 60_000 }))).toEqual(
      [1, 3, 4],
    );
  });

  it('asks for a takeover of a running run that stays silent, and gets the final frame it stores', async () => {
    const fake = fakeSource();
    fake.events.push(delta(1));
    const asked: number[] = [];
    fake.source.stranded = {
      afterMs: 10,
      takeOver: async (run) => {
        asked.push(run.seq);
        fake.events.push(complete(2));
      },
    };
    const signal = new AbortController().signal;
    expect(await seqsOf(followExecution(fake.source, 'exec_1', 0, signal, options))).toEqual([1, 2]);
    expect(asked).toHaveLength(1);
  });

  it('goes on from the store when the live segment ends without a final frame (its run was taken over)', async () => {
    const fake = fakeSource();
    const hub = new EventHub(1);
    hub.push(delta(1));
    fake.setHub(hub);
    fake.events.push(delta(1));
    const reader = seqsOf(followExecution(fake.source, 'exec_1', 0, new AbortController().signal, options));
    hub.close();
    await fake.idled(1);
    fake.events.push(complete(2));
    expect(await reader).toEqual([1, 2]);
  });

  it('gives a reader that saw frames the store never got the final frame, after what it saw', async () => {
    const fake = fakeSource();
    // A segment streamed seqs 1–6 live and died having stored 1–2; the takeover ended the run at 3.
    fake.events.push(delta(1), delta(2), complete(3));
    Object.assign(fake.run, { status: 'failed', seq: 3 });
    const batches = await collect(followExecution(fake.source, 'exec_1', 6, new AbortController().signal, options));
    expect(batches).toEqual([[{ ...complete(3), seq: 7 }]]);
    // A reader that did not get that far is told in the usual order.
    expect(await seqsOf(followExecution(fake.source, 'exec_1', 1, new AbortController().signal, options))).toEqual([
      2, 3,
    ]);
  });

  it('yields what one store read or one wake of the hub gave as one batch, for one write', async () => {
    const fake = fakeSource();
    fake.events.push(delta(1), delta(2), delta(3));
    const hub = new EventHub(4);
    fake.setHub(hub);
    const controller = new AbortController();
    const reading = collect(followExecution(fake.source, 'exec_1', 0, controller.signal, options));
    hub.push(delta(4));
    hub.push(delta(5));
    await new Promise((resolve) => setImmediate(resolve));
    hub.push(complete(6));
    hub.close();
    const batches = await reading;
    expect(batches.map((b) => b.map((e) => e.seq))).toEqual([[1, 2, 3], [4, 5], [6]]);
  });

  it('stops polling when the reader goes away', async () => {
    const fake = fakeSource();
    const controller = new AbortController();
    const reader = seqsOf(
      followExecution(fake.source, 'exec_1', 0, controller.signal, { pollMs: 60_000, idleTimeoutMs: 60_000 }),
    );
    await fake.idled(1);
    controller.abort();
    expect(await reader).toEqual([]);
    expect(fake.polls()).toBe(1);
  });
});
