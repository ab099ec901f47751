import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookDelivery, type DeliveryOptions } from './delivery.js';
import { MemoryOutbox, type WebhookOutbox } from '../store/index.js';
import { startReceiver, type Receiver } from './receiver.fixture.js';
import { decodeSecret } from './signature.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const KEY = decodeSecret(SECRET);
const TARGET = (url: string) => ({ url, secretEnv: 'WEBHOOK_TEST_SECRET' });
const BODY = JSON.stringify({ type: 'tool.calls_started', timestamp: '2030-01-01T00:00:00.000Z', data: { n: 1 } });

const receivers: Receiver[] = [];
const deliveries: WebhookDelivery[] = [];
afterEach(async () => {
  deliveries.splice(0).forEach((d) => d.close());
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(plan?: (n: number) => number | 'hang'): Promise<Receiver> {
  const r = await startReceiver({ secret: SECRET, ...(plan ? { plan } : {}) });
  receivers.push(r);
  return r;
}

function delivery(
  options: Partial<DeliveryOptions>,
  outbox: WebhookOutbox = new MemoryOutbox(),
): { delivery: WebhookDelivery; logs: string[] } {
  const logs: string[] = [];
  const d = new WebhookDelivery({ log: (m) => logs.push(m), keys: () => KEY, ...options }, outbox);
  deliveries.push(d);
  return { delivery: d, logs };
}

describe('webhook delivery', () => {
  it('retries a failing receiver with growing waits, the same webhook-id and a valid signature on every attempt', async () => {
    const statuses = [500, 302, 429, 200];
    const target = await receiver((n) => statuses[n] ?? 200);
    const backoffMs = [0, 30, 60, 120, 10_000];
    const { delivery: d, logs } = delivery({ backoffMs });
    const sent = performance.now();
    const id = await d.send(TARGET(target.url), BODY);
    expect(id).toMatch(/^msg_/);
    await d.idle();
    const attempts = target.requests;
    expect(attempts.map((a) => a.answer)).toEqual([500, 302, 429, 200]);
    expect(new Set(attempts.map((a) => a.headers['webhook-id']))).toEqual(new Set([id]));
    for (const a of attempts) {
      expect(a.body).toBe(BODY);
      expect(a.headers['content-type']).toBe('application/json');
      expect(a.verified).toEqual({ ok: true, payload: JSON.parse(BODY) });
    }
    // Each retry waited at least its step of the backoff, in order.
    const gaps = attempts.map((a, i) => a.at - (i === 0 ? sent : attempts[i - 1]!.at));
    for (const [i, gap] of gaps.entries()) expect(gap).toBeGreaterThanOrEqual(backoffMs[i]! - 2);
    expect(logs).toHaveLength(3);
    expect(logs.map((l) => /retrying in (\d+) ms/.exec(l)?.[1])).toEqual(['30', '60', '120']);
    expect(logs.map((l) => /\((.*)\)/.exec(l)?.[1])).toEqual(['HTTP 500', 'HTTP 302', 'HTTP 429']);
    expect(await d.pending()).toBe(0);
  });

  it('gives up after the last attempt, and says so', async () => {
    const target = await receiver(() => 503);
    const { delivery: d, logs } = delivery({ backoffMs: [0, 5, 5] });
    await d.send(TARGET(target.url), BODY);
    await d.idle();
    expect(target.requests).toHaveLength(3);
    expect(logs.at(-1)).toMatch(/giving up after 3 attempts \(HTTP 503\)/);
  });

  it('counts an attempt that gets no answer in time as failed, and retries it', async () => {
    const target = await receiver((n) => (n === 0 ? 'hang' : 200));
    const { delivery: d, logs } = delivery({ backoffMs: [0, 5], timeoutMs: 100 });
    await d.send(TARGET(target.url), BODY);
    await d.idle();
    expect(target.requests.map((r) => r.answer)).toEqual(['hang', 200]);
    expect(logs).toEqual([expect.stringMatching(/no answer within 100 ms/)]);
  });

  it('retries an endpoint that refuses connections', async () => {
    const gone = await receiver();
    const url = gone.url;
    await gone.close();
    receivers.splice(0);
    const { delivery: d, logs } = delivery({ backoffMs: [0, 5] });
    await d.send(TARGET(url), BODY);
    await d.idle();
    expect(logs).toHaveLength(2);
    expect(logs[1]).toMatch(/giving up after 2 attempts \(fetch failed: .*ECONNREFUSED/);
  });

  it('re-signs each attempt with its own timestamp', async () => {
    const target = await receiver((n) => (n === 0 ? 500 : 200));
    let clock = 1_900_000_000_000;
    const { delivery: d } = delivery({ backoffMs: [0, 5], now: () => (clock += 60_000) });
    await d.send(TARGET(target.url), BODY);
    await d.idle();
    const stamps = target.requests.map((r) => Number(r.headers['webhook-timestamp']));
    expect(stamps[1]! - stamps[0]!).toBe(60);
    expect(target.requests[0]!.headers['webhook-signature']).not.toBe(target.requests[1]!.headers['webhook-signature']);
  });

  it('drops messages over the queue limit; close() leaves waiting retries in the outbox for the next start', async () => {
    const target = await receiver((n) => (n === 0 ? 500 : 200));
    const outbox = new MemoryOutbox();
    const { delivery: d, logs } = delivery({ backoffMs: [0, 60_000], maxPending: 1 }, outbox);
    const id = await d.send(TARGET(target.url), BODY);
    expect(id).toMatch(/^msg_/);
    expect(await d.send(TARGET(target.url), BODY)).toBeUndefined();
    expect(logs[0]).toMatch(/dropped: 1 messages are already waiting/);
    await target.received(1);
    d.close();
    expect(await d.send(TARGET(target.url), BODY)).toBeUndefined();
    expect(await outbox.size()).toBe(1); // waiting a minute for its retry
    // The next start (a new sender on the same outbox) sends the retry once it is due.
    const [waiting] = await outbox.claim(Date.now() + 60_000, 1, 1);
    await outbox.retry(waiting!.id, waiting!.lease, waiting!.attempt, Date.now());
    const { delivery: next } = delivery({ backoffMs: [0, 60_000] }, outbox);
    await next.idle();
    expect(target.requests.map((r) => [r.answer, r.headers['webhook-id']])).toEqual([
      [500, id],
      [200, id],
    ]);
  });
});
