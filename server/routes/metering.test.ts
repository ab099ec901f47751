/**
 * Amplification and fairness over real loopback HTTP: reconnect loops replaying one long run are
 * refused with 429 while other sessions and `/v1/health` stay fast, and one address flooding `init`
 * cannot empty the client token's bucket for visitors from other addresses.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ORIGIN, TOKEN, makeApp, readFrames, replyText } from '../test-helpers.js';

let server: ServerType | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

function listen(patch: (config: Record<string, any>) => void): Promise<string> {
  const { app } = makeApp({ patch });
  return new Promise((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
  });
}

function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
    body: JSON.stringify(body),
  });
}

async function initAt(base: string, headers: Record<string, string> = {}): Promise<Response> {
  return post(base, '/v1/client/init', { token: TOKEN }, headers);
}

async function session(base: string): Promise<string> {
  const res = await initAt(base);
  expect(res.status).toBe(200);
  return ((await res.json()) as { sessionId: string }).sessionId;
}

/** A finished run whose answer is about 16 KB of words. */
async function longRun(base: string, sessionId: string): Promise<{ executionId: string; text: string }> {
  const text = Array.from({ length: 2_600 }, (_, i) => `w${i % 1000}`).join(' ');
  const frames = await readFrames(
    await post(base, '/v1/client/chat', { sessionId, messages: [{ role: 'user', content: `/echo ${text}` }] }),
  );
  expect(replyText(frames)).toBe(text);
  return { executionId: frames[0]!.data.executionId, text };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe('metered reconnects', () => {
  it('refuses replay loops with 429 while other sessions and /v1/health stay fast', async () => {
    const budget = 2_000_000;
    const base = await listen((c) => {
      c.limits = {
        replay: {
          perSession: { requests: 1000, windowSeconds: 60 },
          bytesPerSession: { bytes: budget, windowSeconds: 600 },
        },
      };
    });
    const looped = await session(base);
    const { executionId } = await longRun(base, looped);
    const other = await session(base);
    const theirs = await longRun(base, other);

    let bytesOut = 0;
    let replays = 0;
    const refusals: Array<{ error: string; retryAfter: number }> = [];
    let refusedAt = Infinity;
    // Like an attacker, each loop keeps going after a 429: 40 reconnects each.
    const loop = async (): Promise<void> => {
      for (let i = 0; i < 40; i++) {
        const res = await post(base, '/v1/client/stream', { sessionId: looped, executionId, after: 0 });
        if (res.status === 429) {
          refusedAt = Math.min(refusedAt, performance.now());
          refusals.push({
            error: ((await res.json()) as { error: string }).error,
            retryAfter: Number(res.headers.get('retry-after')),
          });
          continue;
        }
        // Read before adding: `bytesOut += await …` would add to a stale total across the loops.
        const got = (await res.arrayBuffer()).byteLength;
        bytesOut += got;
        replays++;
      }
    };
    const health: Array<{ at: number; ms: number }> = [];
    let looping = true;
    const probe = async (): Promise<void> => {
      while (looping) {
        const start = performance.now();
        expect((await fetch(`${base}/v1/health`)).status).toBe(200);
        health.push({ at: start, ms: performance.now() - start });
      }
    };
    const probing = probe();
    await Promise.all(Array.from({ length: 6 }, loop));
    // The other session's reconnect is answered in full while the looping one is refused.
    const again = await readFrames(
      await post(base, '/v1/client/stream', { sessionId: other, executionId: theirs.executionId, after: 0 }),
    );
    expect(replyText(again)).toBe(theirs.text);
    looping = false;
    await probing;

    expect(refusals.length).toBe(6 * 40 - replays);
    for (const refusal of refusals) {
      expect(refusal.error).toBe('replay_budget_exceeded');
      expect(refusal.retryAfter).toBeGreaterThanOrEqual(1);
    }
    // At most the budget, plus the replays that were in flight when it ran out (one per loop).
    const perReplay = bytesOut / replays;
    expect(bytesOut).toBeLessThanOrEqual(budget + 6 * perReplay * 1.2);
    const p99 = (probes: typeof health) => {
      const sorted = probes.map((h) => h.ms).sort((a, b) => a - b);
      return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms (${sorted.length} probes)`;
    };
    console.log(
      `[metering] 6 replay loops × 40: ${replays} replays of ${Math.round(perReplay / 1024)} KB = ${(bytesOut / 1e6).toFixed(2)} MB out ` +
        `(budget ${(budget / 1e6).toFixed(2)} MB), ${refusals.length} × 429 replay_budget_exceeded; /v1/health whole run ${p99(health)}; ` +
        `once refused ${p99(health.filter((h) => h.at >= refusedAt))}`,
    );
  });

  it('limits how often one session reconnects, naming the limit', async () => {
    const base = await listen((c) => (c.limits = { replay: { perSession: { requests: 3, windowSeconds: 60 } } }));
    const sessionId = await session(base);
    const frames = await readFrames(
      await post(base, '/v1/client/chat', { sessionId, messages: [{ role: 'user', content: '/echo short' }] }),
    );
    const executionId = frames[0]!.data.executionId;
    for (let i = 0; i < 3; i++)
      expect(replyText(await readFrames(await post(base, '/v1/client/stream', { sessionId, executionId })))).toBe(
        'short',
      );
    const refused = await post(base, '/v1/client/stream', { sessionId, executionId });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toBe('replay_rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBe(20);
  });
});

describe('fair limits per client address', () => {
  const limits = { perToken: { requests: 30, windowSeconds: 60 }, perAddress: { requests: 10, windowSeconds: 60 } };

  it('keeps a visitor going while another address floods init through the trusted proxy', async () => {
    const base = await listen((c) => (c.limits = { ...limits, trustedProxies: ['127.0.0.1'] }));
    const flooder = { 'x-forwarded-for': '203.0.113.9' };
    const statuses: number[] = [];
    // 50 requests as fast as they go: more than the 12–25 a second that emptied the shared bucket.
    for (let i = 0; i < 50; i++) {
      const res = await initAt(base, flooder);
      statuses.push(res.status);
      if (res.status === 429) expect(((await res.json()) as { error: string }).error).toBe('address_rate_limited');
      else await res.body?.cancel();
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    for (let i = 0; i < 10; i++) {
      // A proxy chain: the client's own claim on the left is not believed, the proxy's entry is.
      const visitor = await initAt(base, { 'x-forwarded-for': `10.9.9.9, 198.51.100.${i % 3}` });
      expect(visitor.status).toBe(200);
      await visitor.body?.cancel();
    }
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const base = await listen((c) => (c.limits = limits));
    for (let i = 0; i < 10; i++)
      expect((await initAt(base, { 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(200);
    const forged = await initAt(base, { 'x-forwarded-for': '192.0.2.77' });
    expect(forged.status).toBe(429);
    expect(((await forged.json()) as { error: string }).error).toBe('address_rate_limited');
  });
});
