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
});
