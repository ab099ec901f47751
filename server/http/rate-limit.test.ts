import { describe, expect, it } from 'vitest';
import { type ApiError } from './errors.js';
import { localLimiters, RateLimits, TokenBuckets } from './rate-limit.js';
import { DEFAULT_LIMITS, type LimitsConfig } from '../config/schema.js';

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
  const limited = async (f: () => Promise<unknown>): Promise<ApiError> => {
    try {
      await f();
    } catch (error) {
      return error as ApiError;
    }
    throw new Error('not limited');
  };
  const limits = (patch: Partial<LimitsConfig>, now: () => number) =>
    new RateLimits({ ...DEFAULT_LIMITS, trustedProxies: [], ...patch }, localLimiters(now));

  it('refuses with 429 naming the limit, a hint and a retry-after in whole seconds', async () => {
    const time = clock();
    const l = limits({ perSession: { requests: 1, windowSeconds: 90 } }, time.now);
    await l.charge('ct', '1.2.3.4', 'cs_1');
    const error = await limited(() => l.charge('ct', '1.2.3.4', 'cs_1'));
    expect(error).toMatchObject({ status: 429, code: 'session_rate_limited', headers: { 'retry-after': '90' } });
    expect(error.hint).toMatch(/session.*90 s/);
    await l.charge('ct', '1.2.3.4', 'cs_2'); // another session of the same token
  });

  it('does not count a refused request against the limits after the one that refused', async () => {
    const time = clock();
    const l = limits(
      {
        perToken: { requests: 3, windowSeconds: 60 },
        perSession: { requests: 1, windowSeconds: 60 },
        perAddress: { requests: 2, windowSeconds: 60 },
      },
      time.now,
    );
    await l.charge('ct', 'a', 'cs_1');
    for (let i = 0; i < 5; i++)
      expect((await limited(() => l.charge('ct', `b${i}`, 'cs_1'))).code).toBe('session_rate_limited');
    // Address "a" floods: refused at its own bucket, leaving the token's for everyone else.
    await l.charge('ct', 'a');
    for (let i = 0; i < 5; i++) expect((await limited(() => l.charge('ct', 'a'))).code).toBe('address_rate_limited');
    await l.charge('ct', 'c');
    const token = await limited(() => l.charge('ct', 'd'));
    expect(token.code).toBe('token_rate_limited');
    expect(token.hint).toMatch(/client token/);
  });

  it('meters replays: a rate per session, and a byte budget charged after the bytes were sent', async () => {
    const time = clock();
    const l = limits(
      {
        replay: {
          perSession: { requests: 100, windowSeconds: 60 },
          bytesPerSession: { bytes: 10_000, windowSeconds: 100 },
        },
      },
      time.now,
    );
    const first = await l.replay('cs_1');
    first.add(6_000);
    const second = await l.replay('cs_1'); // admitted: nothing charged yet
    second.add(6_000);
    await first.settle();
    await second.settle();
    const over = await limited(() => l.replay('cs_1'));
    expect(over).toMatchObject({ status: 429, code: 'replay_budget_exceeded' });
    // 2,000 bytes of debt refill at 100 bytes/s: 20 s.
    expect(over.headers).toEqual({ 'retry-after': '20' });
    await l.replay('cs_2');
    time.advance(20_001);
    await l.replay('cs_1');
  });

  it('limits how often a session replays', async () => {
    const time = clock();
    const l = limits(
      { replay: { ...DEFAULT_LIMITS.replay, perSession: { requests: 2, windowSeconds: 60 } } },
      time.now,
    );
    await l.replay('cs_1');
    await l.replay('cs_1');
    expect(await limited(() => l.replay('cs_1'))).toMatchObject({
      code: 'replay_rate_limited',
      headers: { 'retry-after': '30' },
    });
  });
});
