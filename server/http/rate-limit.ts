/**
 * Rate limits for the client routes (architecture.md §4: 429 with a `hint` and a code naming the
 * limit). `init` and `chat` count against the client address's sub-bucket of the token, then (chat)
 * the session, then the client token: a flooding address is refused at its own bucket before it can
 * drain the bucket every visitor of the site shares. `stream` (reconnect) counts against the
 * session's replay rate and replay byte budget. `resume` never counts: a paused run must always be
 * answerable.
 *
 * The buckets live where the store says: in this process for memory and SQLite, in PostgreSQL
 * (shared by every instance on the database) for PostgreSQL — see {@link sharedLimiters}.
 */
import type { LimitsConfig, WindowConfig } from '../config/schema.js';
import { ApiError } from './errors.js';
import { UNKNOWN_ADDRESS } from './client-address.js';
import { ERROR_CODES, type ErrorCode } from '../../bridge/protocol/index.js';

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

  /** Milliseconds until `key` holds `points` tokens; 0 when it does now. Does not count the request. */
  wait(key: string, points = 1): number {
    const tokens = this.#tokens(key);
    return tokens >= points ? 0 : Math.ceil((points - tokens) / this.#perMs);
  }

  /** Milliseconds until `key` is out of debt (holds more than 0 tokens); 0 when it is. */
  waitForCredit(key: string): number {
    const tokens = this.#tokens(key);
    return tokens > 0 ? 0 : Math.max(1, Math.ceil(-tokens / this.#perMs));
  }

  /** Counts `points` for `key`; the bucket may go into debt (call after {@link wait} answered 0 to avoid it). */
  take(key: string, points = 1): void {
    const now = this.now();
    this.#buckets.set(key, { tokens: this.#tokens(key) - points, at: now });
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

/** One limit over keys; where its counters live is the implementation's business. */
export interface Limiter {
  /** Takes `points` from `key` and answers 0, or answers the milliseconds to wait and takes nothing. */
  consume(key: string, points?: number): Promise<number>;
  /** Milliseconds until `key` has budget left (it may be in debt after {@link charge}); 0 when it has. */
  wait(key: string): Promise<number>;
  /** Counts `points` against `key` unconditionally (for what is only known afterwards, e.g. bytes sent). */
  charge(key: string, points: number): Promise<void>;
}

/** Makes the limiter of one named limit: `points` per `windowSeconds`. */
export type LimiterFactory = (name: string, points: number, windowSeconds: number) => Limiter;

/** Limiters in this process's memory (token buckets): for the memory and SQLite stores. */
export function localLimiters(now: () => number = Date.now): LimiterFactory {
  return (_name, points, windowSeconds) => {
    const buckets = new TokenBuckets({ requests: points, windowSeconds }, now);
    return {
      consume: async (key, n = 1) => {
        const wait = buckets.wait(key, n);
        if (wait === 0) buckets.take(key, n);
        return wait;
      },
      wait: async (key) => buckets.waitForCredit(key),
      charge: async (key, n) => buckets.take(key, n),
    };
  };
}

/** Counts the bytes a reconnect sends; `settle()` charges them to the session's replay budget. */
export interface ReplayMeter {
  add(bytes: number): void;
  settle(): Promise<void>;
}

/** The client routes' limits (see the module comment). */
export class RateLimits {
  readonly #token: Limiter;
  readonly #session: Limiter;
  readonly #address: Limiter;
  readonly #replays: Limiter;
  readonly #replayBytes: Limiter;

  constructor(limits: LimitsConfig, make: LimiterFactory = localLimiters()) {
    this.#token = make('token', limits.perToken.requests, limits.perToken.windowSeconds);
    this.#session = make('session', limits.perSession.requests, limits.perSession.windowSeconds);
    this.#address = make('address', limits.perAddress.requests, limits.perAddress.windowSeconds);
    const { perSession, bytesPerSession } = limits.replay;
    this.#replays = make('replay', perSession.requests, perSession.windowSeconds);
    this.#replayBytes = make('replay_bytes', bytesPerSession.bytes, bytesPerSession.windowSeconds);
  }

  /**
   * Counts one `init` or `chat` against the client address's bucket of the token, then the session
   * (when given), then the token, or throws a 429 naming the first limit that refused. A refusal
   * counts nothing against the limits after it. A request with no known address (handled in-process,
   * not from a socket) skips the address bucket.
   */
  async charge(token: string, address: string, sessionId?: string): Promise<void> {
    if (address !== UNKNOWN_ADDRESS)
      await refuseOn(
        await this.#address.consume(`${token}|${address}`),
        ERROR_CODES.addressRateLimited,
        'your address',
      );
    if (sessionId !== undefined)
      await refuseOn(await this.#session.consume(sessionId), ERROR_CODES.sessionRateLimited, 'this chat session');
    await refuseOn(
      await this.#token.consume(token),
      ERROR_CODES.tokenRateLimited,
      'this client token (every visitor of the site together)',
    );
  }

  /**
   * Counts one reconnect of `sessionId`, or throws 429 when the session replays too often or was
   * already sent its byte budget. The bytes are counted as they are sent and charged by the returned
   * meter's `settle()`, so one replay in progress is never cut short: a session overshoots its
   * budget by at most the replays it had open when the budget ran out.
   */
  async replay(sessionId: string): Promise<ReplayMeter> {
    const over = await this.#replayBytes.wait(sessionId);
    await refuseOn(over, ERROR_CODES.replayBudgetExceeded, 'the bytes replayed to this chat session');
    await refuseOn(
      await this.#replays.consume(sessionId),
      ERROR_CODES.replayRateLimited,
      'reconnects of this chat session',
    );
    let bytes = 0;
    return {
      add: (n) => void (bytes += n),
      settle: async () => {
        const n = bytes;
        bytes = 0;
        if (n > 0) await this.#replayBytes.charge(sessionId, n);
      },
    };
  }
}

async function refuseOn(waitMs: number, code: ErrorCode, what: string): Promise<void> {
  if (waitMs <= 0) return;
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  throw new ApiError(429, code, `Too many requests for ${what}; try again in ${seconds} s.`, {
    'retry-after': String(seconds),
  });
}
