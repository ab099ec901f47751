/**
 * Rate limits for the client routes (architecture.md §4: 429 with a `hint`): one token bucket per client
 * token and one per session, sized by the config's `limits`. `init` and `chat` count; `resume` and
 * `stream` never do (a paused run must always be answerable and a dropped stream re-readable).
 *
 * The counters are in-process, per server instance: N instances behind a load balancer allow up to
 * N times the configured rate. That bounds abuse of one instance cheaply; a shared limit belongs in
 * the load balancer or a gateway in front of the instances.
 */
import type { LimitsConfig, WindowConfig } from '../config/schema.js';
import { ApiError } from './errors.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';

/** Evict buckets that refilled completely once this many keys are held (a full bucket equals no bucket). */
const SWEEP_AT = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets keyed by string: `requests` tokens, refilled evenly over `windowSeconds`. */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #capacity: number;
  readonly #perMs: number;

  constructor(
    window: WindowConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.#capacity = window.requests;
    this.#perMs = window.requests / (window.windowSeconds * 1000);
  }

  /** Milliseconds until `key` may make a request; 0 when it may now. Does not count the request. */
  wait(key: string): number {
    const tokens = this.#tokens(key);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.#perMs);
  }

  /** Counts one request for `key` (call after {@link wait} answered 0). */
  take(key: string): void {
    const now = this.now();
    this.#buckets.set(key, { tokens: this.#tokens(key) - 1, at: now });
    if (this.#buckets.size > SWEEP_AT) this.#sweep(now);
  }

  /** Keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.#buckets.size;
  }

  #tokens(key: string): number {
    const bucket = this.#buckets.get(key);
    if (!bucket) return this.#capacity;
    return Math.min(this.#capacity, bucket.tokens + (this.now() - bucket.at) * this.#perMs);
  }

  #sweep(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * this.#perMs >= this.#capacity) this.#buckets.delete(key);
    }
  }
}

/** The per-token and per-session limits of one server instance. */
export class RateLimits {
  readonly #tokens: TokenBuckets;
  readonly #sessions: TokenBuckets;

  constructor(limits: LimitsConfig, now: () => number = Date.now) {
    this.#tokens = new TokenBuckets(limits.perToken, now);
    this.#sessions = new TokenBuckets(limits.perSession, now);
  }

  /**
   * Counts one request against the client token and, when given, the session, or throws 429
   * `rate_limited` (with a `retry-after` header) without counting it against either.
   */
  charge(token: string, sessionId?: string): void {
    const tokenWait = this.#tokens.wait(token);
    if (tokenWait > 0) throw limited(tokenWait, 'this client token (every visitor of the site together)');
    if (sessionId !== undefined) {
      const sessionWait = this.#sessions.wait(sessionId);
      if (sessionWait > 0) throw limited(sessionWait, 'this chat session');
      this.#sessions.take(sessionId);
    }
    this.#tokens.take(token);
  }
}

function limited(waitMs: number, what: string): ApiError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new ApiError(429, ERROR_CODES.rateLimited, `Too many requests for ${what}; try again in ${seconds} s.`, {
    'retry-after': String(seconds),
  });
}
