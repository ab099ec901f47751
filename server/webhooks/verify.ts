/**
 * Verifying a webhook on the receiving side — the one module a receiver needs (it depends on
 * `node:crypto` only). Works for any sender that follows Standard Webhooks.
 */
import { timingSafeEqual } from 'node:crypto';
import { decodeSecret, signatureOf } from './signature.js';

/** Why a delivery was refused. */
export type WebhookVerificationCode =
  | 'missing_headers'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'no_matching_signature'
  | 'invalid_payload';

/** A delivery that must not be trusted; `code` says why. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';

  constructor(
    readonly code: WebhookVerificationCode,
    message: string,
  ) {
    super(message);
  }
}

/** Request headers as `fetch`'s `Headers` or Node's `req.headers` (any letter case). */
export type WebhookHeaderSource = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifyWebhookOptions {
  /** How far `webhook-timestamp` may be from `now`, either way. Default 300 s. */
  toleranceSeconds?: number;
  /** The current time (a `Date` or milliseconds since the epoch). Default `Date.now()`. */
  now?: Date | number;
}

/**
 * Checks a Standard Webhooks delivery and returns its parsed JSON body. Pass the body exactly as
 * received (the raw text or bytes, not re-serialized JSON). Accepts any one matching `v1`
 * signature among the space-separated ones in `webhook-signature` (secret rotation), compared in
 * constant time, and refuses timestamps outside the tolerance (replays).
 *
 * @throws WebhookVerificationError when a header is missing, the timestamp is out of range, no
 *   signature matches or the body is not JSON; Error when the secret itself is malformed.
 *
 * @example
 * // Node: http.createServer(async (req, res) => { … })
 * const chunks: Buffer[] = [];
 * for await (const chunk of req) chunks.push(chunk as Buffer);
 * const body = Buffer.concat(chunks).toString('utf8');
 * const event = verifyWebhook<WebhookEvent>(process.env.WEBHOOK_SECRET!, req.headers, body);
 * if (event.type === 'tool.calls_finished') console.log(event.data.calls);
 */
export function verifyWebhook<T = unknown>(
  secret: string | Uint8Array,
  headers: WebhookHeaderSource,
  body: string | Uint8Array,
  options: VerifyWebhookOptions = {},
): T {
  const key = typeof secret === 'string' ? decodeSecret(secret) : secret;
  const id = header(headers, 'webhook-id');
  const stamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !stamp || !signatures)
    throw new WebhookVerificationError(
      'missing_headers',
      'webhook-id, webhook-timestamp and webhook-signature are required.',
    );
  if (!/^\d{1,15}$/.test(stamp))
    throw new WebhookVerificationError('invalid_timestamp', 'webhook-timestamp must be Unix seconds.');
  const timestamp = Number(stamp);
  const nowMs =
    options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : options.now.getTime();
  const now = Math.floor(nowMs / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (now - timestamp > tolerance)
    throw new WebhookVerificationError('timestamp_too_old', 'webhook-timestamp is too old.');
  if (timestamp - now > tolerance)
    throw new WebhookVerificationError('timestamp_too_new', 'webhook-timestamp is in the future.');
  const expected = Buffer.from(signatureOf(key, id, timestamp, body));
  let matched = false;
  for (const entry of signatures.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue; // other schemes (v1a: asymmetric) are not ours to check
    const given = Buffer.from(entry.slice(comma + 1));
    // Lengths are public (every v1 signature is 44 characters); the contents are compared in constant time.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  if (!matched) throw new WebhookVerificationError('no_matching_signature', 'No webhook-signature matches the body.');
  try {
    return JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8')) as T;
  } catch {
    throw new WebhookVerificationError('invalid_payload', 'The body is not JSON.');
  }
}

function header(headers: WebhookHeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return typeof value === 'string' ? value : value?.join(' ');
}
