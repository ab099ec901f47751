import { describe, expect, it } from 'vitest';
import { type ApiError } from './errors.js';
import { RateLimits, TokenBuckets } from './rate-limit.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TokenBuckets', () => {
  it('allows `requests` at once, then one more per window/requests', () => {
    const time = clock();
    const buckets = new TokenBuckets({ requests: 3, windowSeconds: 60 }, time.now);
    for (let i = 0; i < 3; i++) {
      expect(buckets.wait('k')).toBe(0);
      buckets.take('k');
    }
    expect(buckets.wait('k')).toBe(20_000);
    expect(buckets.wait('other')).toBe(0); // keys are independent
    time.advance(19_999);
    expect(buckets.wait('k')).toBe(1);
    time.advance(1);
    expect(buckets.wait('k')).toBe(0);
    buckets.take('k');
    expect(buckets.wait('k')).toBe(20_000);
  });

  it('never saves up more than `requests`', () => {
    const time = clock();
    const buckets = new TokenBuckets({ requests: 2, windowSeconds: 1 }, time.now);
    buckets.take('k');
    time.advance(3_600_000);
    buckets.take('k');
    buckets.take('k');
    expect(buckets.wait('k')).toBeGreaterThan(0);
  });

  it('forgets keys whose bucket refilled once many are held', () => {
    const time = clock();
    const buckets = new TokenBuckets({ requests: 1, windowSeconds: 1 }, time.now);
    for (let i = 0; i < 10_000; i++) buckets.take(`k${i}`);
    time.advance(1000);
    buckets.take('fresh');
    expect(buckets.size).toBe(1);
  });
});

describe('RateLimits', () => {
  const limited = (f: () => void): ApiError => {
    try {
      f();
    } catch (error) {
      return error as ApiError;
    }
    throw new Error('not limited');
  };

  it('refuses with 429 rate_limited, a hint and a retry-after in whole seconds', () => {
    const time = clock();
    const limits = new RateLimits(
      { perToken: { requests: 100, windowSeconds: 60 }, perSession: { requests: 1, windowSeconds: 90 } },
      time.now,
    );
    limits.charge('ct', 'cs_1');
    const error = limited(() => limits.charge('ct', 'cs_1'));
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', headers: { 'retry-after': '90' } });
    expect(error.hint).toMatch(/session.*90 s/);
    limits.charge('ct', 'cs_2'); // another session of the same token
  });

  it('does not count a refused request against the other limit', () => {
    const time = clock();
    const limits = new RateLimits(
      { perToken: { requests: 2, windowSeconds: 60 }, perSession: { requests: 1, windowSeconds: 60 } },
      time.now,
    );
    limits.charge('ct', 'cs_1');
    for (let i = 0; i < 5; i++) expect(limited(() => limits.charge('ct', 'cs_1')).hint).toMatch(/session/);
    limits.charge('ct', 'cs_2'); // the refusals above did not use up the token's budget
    expect(limited(() => limits.charge('ct')).hint).toMatch(/client token/);
  });
});
