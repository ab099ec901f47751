import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import { Channel } from '../engine/channel.js';
import { formatFrame, sseBody } from './sse.js';

const turn = (seq: number): StreamEvent => ({ type: 'turn_start', executionId: 'exec_1', seq, id: 'turn_1', iteration: 1 });

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
    vi.useFakeTimers();
    const events = new Channel<StreamEvent>();
    const reader = sseBody(events, 15_000).getReader();
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

  it('keeps draining the run’s events after the client goes away', { timeout: 2000 }, async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let finished!: (seen: number) => void;
    const drained = new Promise<number>((resolve) => (finished = resolve));
    let seen = 0;
    const source = (async function* () {
      yield turn(1);
      seen += 1;
      await gate;
      yield turn(2);
      seen += 1;
      yield turn(3);
      seen += 1;
      finished(seen);
    })();
    const reader = sseBody(source, 15_000).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(formatFrame(turn(1)));
    await reader.cancel();
    open();
    expect(await drained).toBe(3);
  });
});
