/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): the signature of a message is
 * `v1,` + base64(HMAC-SHA256(key, `${webhook-id}.${webhook-timestamp}.${body}`)), where the key is
 * the secret's bytes: the secret is `whsec_` + base64 (the bare base64 is accepted too).
 */
import { createHmac } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Why a secret cannot be used, or `undefined` when it can. */
export function secretProblem(secret: string): string | undefined {
  const text = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  // Padded base64 comes in blocks of four; unpadded never leaves a single character over.
  const shaped = BASE64.test(text) && (text.endsWith('=') ? text.length % 4 === 0 : text.length % 4 !== 1);
  if (!shaped) return 'must be whsec_ followed by base64 (or the bare base64)';
  return undefined;
}

/**
 * The key bytes of a `whsec_…` (or bare base64) secret.
 *
 * @throws Error when the secret is not base64.
 */
export function decodeSecret(secret: string): Buffer {
  const problem = secretProblem(secret);
  if (problem) throw new Error(`Invalid webhook secret: it ${problem}.`);
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

/** The bare base64 signature (without `v1,`) of one message. */
export function signatureOf(key: Uint8Array, id: string, timestamp: number, body: string | Uint8Array): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
}

/**
 * The `webhook-signature` value for a message: `v1,<base64>`.
 *
 * @example
 * signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
 * // 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
 */
export function signWebhook(
  secret: string | Uint8Array,
  id: string,
  timestamp: number,
  body: string | Uint8Array,
): string {
  const key = typeof secret === 'string' ? decodeSecret(secret) : secret;
  return `v1,${signatureOf(key, id, timestamp, body)}`;
}

/** The three Standard Webhooks headers for a message sent at `timestamp` (Unix seconds). */
export function webhookHeaders(
  key: Uint8Array,
  id: string,
  timestamp: number,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${signatureOf(key, id, timestamp, body)}`,
  };
}
