import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventHub } from '../engine/hub.js';
import { formatFrame, sseBody } from './sse.js';
import { collect } from '../../bridge/test-support/async.js';
import { turn } from '../test-support/streams.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('formatFrame', () => {
  it('writes event, id (the seq) and JSON data', () => {
    expect(formatFrame(turn(7))).toBe(`event: turn_start\nid: 7\ndata: ${JSON.stringify(turn(7))}\n\n`);
  });
});

describe('sseBody', () => {
  it('writes a ping comment while idle and closes when the events end', async () => {
    // Only the ping interval is faked: frames go out on the next turn of the real event loop.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const events = new EventHub(1);
    const reader = sseBody((signal) => events.follow(0, signal), 15_000).getReader();
    const decoder = new TextDecoder();
    const next = async () => decoder.decode((await reader.read()).value);

    events.push(turn(1));
    expect(await next()).toBe(formatFrame(turn(1)));
    const ping = next();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await ping).toBe(': ping\n\n');
    events.push(turn(2));
    expect(await next()).toBe(formatFrame(turn(2)));
    events.close();
    expect((await reader.read()).done).toBe(true);
    expect(vi.getTimerCount()).toBe(0); // the ping interval is cleared
  });

  it('writes a batch of events as their frames in order, in one chunk, and counts each frame', async () => {
    const events = new EventHub(1);
    const counted: number[] = [];
    const reader = sseBody(
      (signal) => events.batches(0, signal),
      15_000,
      (n) => counted.push(n),
    ).getReader();
    events.push(turn(1));
    events.push(turn(2));
    events.push(turn(3));
    events.close();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe([1, 2, 3].map((s) => formatFrame(turn(s))).join(''));
    expect(counted).toEqual([1, 2, 3].map((s) => JSON.stringify(turn(s)).length));
    expect((await reader.read()).done).toBe(true);
  });

  it('aborts the source’s signal when the client goes away, and stops reading', { timeout: 2000 }, async () => {
    const events = new EventHub(1);
    let seen: AbortSignal | undefined;
    const reader = sseBody((signal) => {
      seen = signal;
      return events.follow(0, signal);
    }, 15_000).getReader();
    events.push(turn(1));
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(formatFrame(turn(1)));
    await reader.cancel();
    expect(seen!.aborted).toBe(true);
    // the run goes on pushing; nobody waits for the gone reader
    events.push(turn(2));
    events.close();
    expect([...(await collect(events.follow(0)))].map((e) => e.seq)).toEqual([1, 2]);
  });
});
