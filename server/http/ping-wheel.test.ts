import { afterEach, describe, expect, it, vi } from 'vitest';
import { PingWheel, type Pingable } from './ping-wheel.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A stream that counts its pings; `write()` is what a frame going out does to it. */
function stream(): Pingable & { pings: number; write(): void } {
  return {
    idleTicks: 0,
    pings: 0,
    ping() {
      this.pings++;
    },
    write() {
      this.idleTicks = 0;
    },
  };
}

describe('PingWheel', () => {
  it('pings an idle stream within each interval, and never one that keeps writing', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const wheel = new PingWheel(1000);
    const idle = stream();
    const busy = stream();
    wheel.add(idle);
    wheel.add(busy);
    for (let ms = 0; ms < 10_000; ms += 500) {
      busy.write();
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(idle.pings).toBe(10);
    expect(busy.pings).toBe(0);
  });

  it('leaves at most one interval of silence after a write, and at least three quarters of one', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const wheel = new PingWheel(1000);
    const s = stream();
    wheel.add(s);
    // Ticks every 250 ms.
    await vi.advanceTimersByTimeAsync(251);
    s.write(); // just after a tick: silent for a whole interval
    await vi.advanceTimersByTimeAsync(998);
    expect(s.pings).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.pings).toBe(1);
    await vi.advanceTimersByTimeAsync(249);
    s.write(); // just before a tick: silent for three quarters of one
    await vi.advanceTimersByTimeAsync(750);
    expect(s.pings).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.pings).toBe(2);
  });

  it('runs one timer for any number of streams, and none once the last leaves', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const wheel = new PingWheel(1000);
    const streams = Array.from({ length: 500 }, stream);
    for (const s of streams) wheel.add(s);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(streams.every((s) => s.pings === 1)).toBe(true);
    for (const s of streams) wheel.delete(s);
    expect(wheel.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
