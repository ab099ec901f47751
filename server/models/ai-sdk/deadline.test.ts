import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { currentActivity, Deadline, withActivity } from './deadline.js';

describe('Deadline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires "idle" after a silence, and touching restarts the idle timer', () => {
    const deadline = new Deadline(new AbortController().signal, { timeoutMs: 10_000, idleTimeoutMs: 100 });
    vi.advanceTimersByTime(90);
    deadline.touch();
    vi.advanceTimersByTime(90);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(20);
    expect(deadline.cause).toBe('idle');
    expect(deadline.signal.aborted).toBe(true);
  });

  it('fires "timeout" at the overall limit however busy the stream is', () => {
    const deadline = new Deadline(new AbortController().signal, { timeoutMs: 300, idleTimeoutMs: 100 });
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(58);
      deadline.touch();
    }
    expect(deadline.cause).toBeUndefined(); // 290 ms, never idle
    vi.advanceTimersByTime(10);
    expect(deadline.cause).toBe('timeout');
  });

  it("follows the caller's signal, with the caller's reason", async () => {
    const caller = new AbortController();
    const deadline = new Deadline(caller.signal, { timeoutMs: 1000, idleTimeoutMs: 1000 });
    const pending = deadline.race(new Promise(() => {}));
    const reason = new Error('stop');
    caller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(deadline.cause).toBe('aborted');
    expect(deadline.signal.reason).toBe(reason);
  });

  it('is aborted at once for an already-aborted signal; dispose stops the timers', async () => {
    const caller = new AbortController();
    caller.abort(new Error('early'));
    expect(new Deadline(caller.signal, { timeoutMs: 1, idleTimeoutMs: 1 }).cause).toBe('aborted');
    const quiet = new Deadline(new AbortController().signal, { timeoutMs: 50, idleTimeoutMs: 50 });
    quiet.dispose();
    vi.advanceTimersByTime(100);
    expect(quiet.cause).toBeUndefined();
    await expect(quiet.race(Promise.resolve(7))).resolves.toBe(7);
  });
});

describe('withActivity', () => {
  it('makes the touch callback visible to code it runs, across awaits', async () => {
    const touch = vi.fn();
    const seen = await withActivity(touch, async () => {
      await Promise.resolve();
      return currentActivity();
    });
    expect(seen).toBe(touch);
    expect(currentActivity()).toBeUndefined();
  });
});
