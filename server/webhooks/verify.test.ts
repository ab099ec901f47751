import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeSecret, signWebhook, webhookHeaders } from './signature.js';
import { verifyWebhook, WebhookVerificationError, type WebhookVerificationCode } from './verify.js';

// The published Standard Webhooks test vector (standard-webhooks/standard-webhooks, every library's "sign function works").
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const AT = VECTOR.timestamp * 1000;
const vectorHeaders = (signature = VECTOR.signature, timestamp = String(VECTOR.timestamp)) => ({
  'webhook-id': VECTOR.id,
  'webhook-timestamp': timestamp,
  'webhook-signature': signature,
});

function refused(code: WebhookVerificationCode, run: () => unknown): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(WebhookVerificationError);
  expect((error as WebhookVerificationError).code).toBe(code);
}

describe('signing (Standard Webhooks)', () => {
  it('reproduces the published test vector, with and without the whsec_ prefix and from key bytes', () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    expect(signWebhook(VECTOR.secret.slice('whsec_'.length), VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(
      VECTOR.signature,
    );
    expect(signWebhook(decodeSecret(VECTOR.secret), VECTOR.id, VECTOR.timestamp, Buffer.from(VECTOR.body))).toBe(
      VECTOR.signature,
    );
    expect(webhookHeaders(decodeSecret(VECTOR.secret), VECTOR.id, VECTOR.timestamp, VECTOR.body)).toEqual(
      vectorHeaders(),
    );
  });

  it('signs the raw body: the same JSON serialised differently has another signature', () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, JSON.stringify(JSON.parse(VECTOR.body)))).not.toBe(
      VECTOR.signature,
    );
  });

  it('refuses secrets that are not base64', () => {
    for (const bad of ['', 'whsec_', 'whsec_not base64!', 'abcde', 'whsec_A', 'whsec_AAAA=A=='])
      expect(() => decodeSecret(bad), bad).toThrow(/webhook secret/);
    expect(decodeSecret('whsec_AAAA')).toEqual(Buffer.from([0, 0, 0]));
    expect(decodeSecret('AAA=')).toEqual(Buffer.from([0, 0]));
  });
});

describe('verifyWebhook', () => {
  it('accepts the test vector and returns the parsed body', () => {
    expect(verifyWebhook(VECTOR.secret, vectorHeaders(), VECTOR.body, { now: AT })).toEqual({ test: 2432232314 });
    expect(
      verifyWebhook(VECTOR.secret, new Headers(vectorHeaders()), Buffer.from(VECTOR.body), {
        now: new Date(AT + 299_000),
      }),
    ).toEqual({ test: 2432232314 });
    const upper = {
      'Webhook-Id': VECTOR.id,
      'WEBHOOK-TIMESTAMP': String(VECTOR.timestamp),
      'webhook-Signature': VECTOR.signature,
    };
    expect(verifyWebhook(VECTOR.secret, upper, VECTOR.body, { now: AT })).toEqual({ test: 2432232314 });
  });

  it('accepts one matching v1 signature among several (secret rotation)', () => {
    const others =
      'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,abc';
    expect(
      verifyWebhook(VECTOR.secret, vectorHeaders(`${others} ${VECTOR.signature}`), VECTOR.body, { now: AT }),
    ).toEqual({ test: 2432232314 });
    expect(
      verifyWebhook(VECTOR.secret, vectorHeaders(`${VECTOR.signature} ${others}`), VECTOR.body, { now: AT }),
    ).toEqual({ test: 2432232314 });
    refused('no_matching_signature', () =>
      verifyWebhook(VECTOR.secret, vectorHeaders(others), VECTOR.body, { now: AT }),
    );
    // The right signature under another scheme name does not count.
    refused('no_matching_signature', () =>
      verifyWebhook(VECTOR.secret, vectorHeaders(VECTOR.signature.replace('v1,', 'v2,')), VECTOR.body, { now: AT }),
    );
  });

  it('refuses a tampered body, id or signature, and the wrong secret', () => {
    refused('no_matching_signature', () =>
      verifyWebhook(VECTOR.secret, vectorHeaders(), '{"test": 2432232315}', { now: AT }),
    );
    refused('no_matching_signature', () =>
      verifyWebhook(VECTOR.secret, vectorHeaders(), `${VECTOR.body} `, { now: AT }),
    );
    refused('no_matching_signature', () =>
      verifyWebhook(VECTOR.secret, { ...vectorHeaders(), 'webhook-id': 'msg_other' }, VECTOR.body, { now: AT }),
    );
    refused('no_matching_signature', () =>
      verifyWebhook(VECTOR.secret, vectorHeaders(`${VECTOR.signature.slice(0, -2)}A=`), VECTOR.body, { now: AT }),
    );
    refused('no_matching_signature', () =>
      verifyWebhook(VECTOR.secret, vectorHeaders(VECTOR.signature.slice(0, 8)), VECTOR.body, { now: AT }),
    );
    refused('no_matching_signature', () =>
      verifyWebhook(VECTOR.secret, vectorHeaders('v1,'), VECTOR.body, { now: AT }),
    );
    const other = `whsec_${randomBytes(32).toString('base64')}`;
    refused('no_matching_signature', () => verifyWebhook(other, vectorHeaders(), VECTOR.body, { now: AT }));
  });

  it('refuses timestamps outside the tolerance either way, and a timestamp changed after signing', () => {
    refused('timestamp_too_old', () =>
      verifyWebhook(VECTOR.secret, vectorHeaders(), VECTOR.body, { now: AT + 301_000 }),
    );
    refused('timestamp_too_new', () =>
      verifyWebhook(VECTOR.secret, vectorHeaders(), VECTOR.body, { now: AT - 301_000 }),
    );
    refused('timestamp_too_old', () =>
      verifyWebhook(VECTOR.secret, vectorHeaders(), VECTOR.body, { now: AT + 61_000, toleranceSeconds: 60 }),
    );
    expect(
      verifyWebhook(VECTOR.secret, vectorHeaders(), VECTOR.body, { now: AT + 3_600_000, toleranceSeconds: 3600 }),
    ).toEqual({ test: 2432232314 });
    // Moving the timestamp into the window breaks the signature, which covers it.
    refused('no_matching_signature', () =>
      verifyWebhook(VECTOR.secret, vectorHeaders(VECTOR.signature, String(VECTOR.timestamp + 1)), VECTOR.body, {
        now: AT,
      }),
    );
    // With the real clock, a 2021 delivery is a replay.
    refused('timestamp_too_old', () => verifyWebhook(VECTOR.secret, vectorHeaders(), VECTOR.body));
  });

  it('refuses missing headers, a malformed timestamp and a body that is not JSON', () => {
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      const headers: Record<string, string> = vectorHeaders();
      delete headers[name];
      refused('missing_headers', () => verifyWebhook(VECTOR.secret, headers, VECTOR.body, { now: AT }));
    }
    for (const stamp of ['hello', '1614265330.5', '-1', '1e9'])
      refused('invalid_timestamp', () =>
        verifyWebhook(VECTOR.secret, vectorHeaders(VECTOR.signature, stamp), VECTOR.body, { now: AT }),
      );
    const key = randomBytes(32);
    const headers = webhookHeaders(key, 'msg_x', VECTOR.timestamp, 'not json');
    refused('invalid_payload', () => verifyWebhook(key, headers, 'not json', { now: AT }));
  });
});
