import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import { EventHub } from './hub.js';
import { collect } from '../../bridge/test-support/async.js';
import { turn } from '../test-support/streams.js';

/** The `seq` of every event of `source`, once it ends. */
const seqsOf = async (source: AsyncIterable<StreamEvent>): Promise<number[]> =>
  (await collect(source)).map((e) => e.seq);

describe('EventHub', () => {
  it('gives every reader the whole segment, whenever it starts reading', async () => {
    const hub = new EventHub(5);
    const early = seqsOf(hub.follow(0));
    hub.push(turn(5));
    hub.push(turn(6));
    const late = seqsOf(hub.follow(0));
    hub.push(turn(7));
    hub.close();
    const afterClose = seqsOf(hub.follow(0));
    expect(await early).toEqual([5, 6, 7]);
    expect(await late).toEqual([5, 6, 7]);
    expect(await afterClose).toEqual([5, 6, 7]);
  });

  it('follows from a seq: only later events, live ones included', async () => {
    const hub = new EventHub(1);
    hub.push(turn(1));
    hub.push(turn(2));
    const reader = seqsOf(hub.follow(1));
    hub.push(turn(3));
    hub.close();
    expect(await reader).toEqual([2, 3]);
    expect(await seqsOf(hub.follow(3))).toEqual([]);
    expect(hub.lastSeq).toBe(3);
  });

  it('ignores pushes after close', async () => {
    const hub = new EventHub(1);
    hub.push(turn(1));
    hub.close();
    hub.push(turn(2));
    expect(hub.closed).toBe(true);
    expect(await seqsOf(hub.follow(0))).toEqual([1]);
  });

  it('ends a waiting reader when its signal aborts, without ending the others', async () => {
    const hub = new EventHub(1);
    const controller = new AbortController();
    const reader = hub.follow(0, controller.signal);
    const other = seqsOf(hub.follow(0));
    hub.push(turn(1));
    expect((await reader.next()).value).toMatchObject({ seq: 1 });
    const waiting = reader.next();
    controller.abort();
    expect((await waiting).done).toBe(true);
    hub.push(turn(2));
    hub.close();
    expect(await other).toEqual([1, 2]);
  });

  it('shows the events of one turn together, also to a reader that starts following in that turn', async () => {
    const hub = new EventHub(1);
    hub.push(turn(1));
    const seen = recorded(hub.follow(0));
    await microtasks();
    expect(seen.seqs).toEqual([]);
    hub.push(turn(2));
    await nextTurn();
    expect(seen.seqs).toEqual([1, 2]);
    hub.close();
    expect(await seen.done).toEqual([1, 2]);
  });

  it('wakes no reader while a commit is held, then shows what came before and during it at once', async () => {
    const hub = new EventHub(1);
    const seen = recorded(hub.follow(0));
    hub.push(turn(1));
    let settle!: () => void;
    const held = hub.holding(new Promise<void>((resolve) => (settle = resolve)));
    hub.push(turn(2));
    await nextTurn();
    await nextTurn();
    expect(seen.seqs).toEqual([]);
    hub.push(turn(3));
    settle();
    await held;
    await nextTurn();
    expect(seen.seqs).toEqual([1, 2, 3]);
    // A failed commit lets go too: the events are not held for the next attempt.
    hub.push(turn(4));
    await expect(hub.holding(Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    await nextTurn();
    expect(seen.seqs).toEqual([1, 2, 3, 4]);
    hub.close();
    expect(await seen.done).toEqual([1, 2, 3, 4]);
  });

  it('gives a batch reader what became visible together as one batch: a turn, or a held commit', async () => {
    const hub = new EventHub(1);
    const batches: number[][] = [];
    const done = (async () => {
      for await (const batch of hub.batches(0)) batches.push(batch.map((e) => e.seq));
    })();
    hub.push(turn(1));
    hub.push(turn(2));
    await nextTurn();
    expect(batches).toEqual([[1, 2]]);
    let settle!: () => void;
    const held = hub.holding(new Promise<void>((resolve) => (settle = resolve)));
    hub.push(turn(3));
    hub.push(turn(4));
    await nextTurn();
    expect(batches).toEqual([[1, 2]]);
    hub.push(turn(5));
    settle();
    await held;
    await nextTurn();
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    hub.push(turn(6));
    hub.close();
    await done;
    expect(batches).toEqual([[1, 2], [3, 4, 5], [6]]);
    // A reader that starts late gets everything after its seq at once.
    const late: number[][] = [];
    for await (const batch of hub.batches(2)) late.push(batch.map((e) => e.seq));
    expect(late).toEqual([[3, 4, 5, 6]]);
  });

  it('ends a held hub with everything when it closes', async () => {
    const hub = new EventHub(1);
    const seen = recorded(hub.follow(0));
    hub.push(turn(1));
    void hub.holding(new Promise<void>(() => {}));
    hub.push(turn(2));
    hub.close();
    expect(await seen.done).toEqual([1, 2]);
  });
});

/** The seqs `source` has yielded so far, and all of them once it ends. */
function recorded(source: AsyncIterable<StreamEvent>): { seqs: number[]; done: Promise<number[]> } {
  const seqs: number[] = [];
  const done = (async () => {
    for await (const event of source) seqs.push(event.seq);
    return seqs;
  })();
  return { seqs, done };
}

/** After every promise reaction queued now (and the ones they queue), but within this turn of the loop. */
async function microtasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** After the hub's scheduled wake: a `setImmediate` queued later runs after it. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
