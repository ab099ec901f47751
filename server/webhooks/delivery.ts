/**
 * Sending webhooks through the store's outbox. Each message gets one `webhook-id`, kept on every
 * attempt; each attempt is signed afresh with its own `webhook-timestamp`, so a retry minutes later
 * still falls inside the receiver's tolerance. An attempt succeeds on a 2xx answer; anything else (another
 * status, a redirect, a network error, the per-attempt timeout) is retried after the next wait of the
 * backoff, and after the last attempt the message is dropped with a warning. Nothing here is awaited
 * by a run.
 *
 * Messages wait in the outbox, not in memory: a restart loses none, and every instance on a shared
 * store polls it. An instance leases a message for one attempt (see `WebhookOutbox`), so each
 * attempt is made by one instance; a lease whose holder died runs out and the message is tried again.
 * The signing secret is not stored: a message names its environment variable, read at each attempt.
 */
import { newId } from '../engine/ids.js';
import { MemoryOutbox, type ClaimedMessage, type WebhookOutbox } from '../store/index.js';
import { decodeSecret } from './signature.js';
import { webhookHeaders } from './signature.js';

export interface DeliveryOptions {
  /** The wait before each attempt, in ms; its length is the number of attempts. */
  backoffMs: readonly number[];
  /** How long one attempt may take, answer included. */
  timeoutMs: number;
  /** At most this many messages waiting or in flight; further ones are dropped with a warning. */
  maxPending: number;
  fetch: typeof fetch;
  /** Where failures are reported. */
  log: (message: string) => void;
  /** The clock `webhook-timestamp` is read from. */
  now: () => number;
  /** How often the outbox is polled for messages other instances queued or left behind. */
  pollMs: number;
  /** The signing key in an environment variable, by its name; `undefined` when it is unusable. */
  keys: (secretEnv: string) => Uint8Array | undefined;
}

/** 5 attempts: at once, then after 1 s, 5 s, 30 s and 2 min. */
export const DEFAULT_DELIVERY: DeliveryOptions = {
  backoffMs: [0, 1_000, 5_000, 30_000, 120_000],
  timeoutMs: 10_000,
  maxPending: 10_000,
  fetch: (input, init) => fetch(input, init),
  log: (message) => console.warn(`[webmcp-chat] ${message}`),
  now: () => Date.now(),
  pollMs: 1_000,
  keys: (name) => {
    const value = process.env[name];
    return value ? decodeSecret(value) : undefined;
  },
};

/** Messages leased per poll. */
const BATCH = 16;

/** Where a message goes: the endpoint and the environment variable holding its signing secret. */
export interface WebhookTarget {
  url: string;
  secretEnv: string;
}

/** The webhook sender of one instance, over an outbox (the store's, or one in memory). */
export class WebhookDelivery {
  readonly #options: DeliveryOptions;
  readonly #outbox: WebhookOutbox;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #stop = new AbortController();
  readonly #idle: Array<() => void> = [];
  #inFlight = 0;
  #polling = false;
  #pollAgain = false;

  constructor(options: Partial<DeliveryOptions> = {}, outbox: WebhookOutbox = new MemoryOutbox()) {
    this.#options = { ...DEFAULT_DELIVERY, ...options };
    this.#outbox = outbox;
    if (this.#options.backoffMs.length === 0)
      throw new Error('backoffMs needs at least one entry (the first attempt).');
    const poll = setInterval(() => this.#poll(), this.#options.pollMs);
    // Polling must not keep the process alive.
    poll.unref?.();
    this.#stop.signal.addEventListener('abort', () => clearInterval(poll));
    // Messages a previous process left behind.
    this.#poll();
  }

  /** Messages in the outbox (waiting or in an attempt), on every instance sharing it. */
  pending(): Promise<number> {
    return this.#outbox.size();
  }

  /**
   * Queues `body` (JSON text) for `target` and resolves with the message's `webhook-id` once it is
   * in the outbox; the first attempt starts after `backoffMs[0]`. Resolves `undefined` when the outbox
   * is full or this sender is closed.
   */
  async send(target: WebhookTarget, body: string): Promise<string | undefined> {
    if (this.#stop.signal.aborted) return undefined;
    const waiting = await this.#outbox.size();
    if (waiting >= this.#options.maxPending) {
      this.#options.log(`webhook to ${target.url} dropped: ${waiting} messages are already waiting`);
      return undefined;
    }
    const id = newId('msg');
    const delay = this.#options.backoffMs[0]!;
    await this.#outbox.add({ id, ...target, body, attempt: 0, dueAt: Date.now() + delay });
    this.#wake(delay);
    return id;
  }

  /** Resolves when the outbox is empty and this instance has no attempt in flight. */
  idle(): Promise<void> {
    const done = new Promise<void>((resolve) => this.#idle.push(resolve));
    void this.#checkIdle();
    return done;
  }

  /** Stops polling and aborts attempts in flight; messages stay in the outbox for the next start. */
  close(): void {
    this.#stop.abort();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#idle.splice(0).forEach((resolve) => resolve());
  }

  /** Polls after `ms` (a retry of this instance's falls due then). */
  #wake(ms: number): void {
    if (ms <= 0) return this.#poll();
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#poll();
    }, ms);
    timer.unref?.();
    this.#timers.add(timer);
  }

  #poll(): void {
    if (this.#stop.signal.aborted) return;
    if (this.#polling) {
      this.#pollAgain = true;
      return;
    }
    this.#polling = true;
    const leaseMs = this.#options.timeoutMs + 30_000;
    this.#outbox
      .claim(Date.now(), leaseMs, BATCH)
      .then((claimed) => {
        for (const message of claimed) void this.#attempt(message);
        if (claimed.length === BATCH) this.#pollAgain = true;
      })
      .catch((error: unknown) => {
        // The store is down: the messages wait in it; the next poll tries again.
        if (!this.#stop.signal.aborted) this.#options.log(`webhook outbox not read: ${String(error)}`);
      })
      .finally(() => {
        this.#polling = false;
        if (this.#pollAgain) {
          this.#pollAgain = false;
          this.#poll();
        } else void this.#checkIdle();
      });
  }

  async #attempt(message: ClaimedMessage): Promise<void> {
    this.#inFlight++;
    try {
      await this.#deliver(message);
    } catch (error) {
      // The outbox write failed: the lease runs out and the message is tried again.
      if (!this.#stop.signal.aborted) this.#options.log(`webhook ${message.id}: outbox not updated: ${String(error)}`);
    } finally {
      this.#inFlight--;
      void this.#checkIdle();
    }
  }

  async #deliver(message: ClaimedMessage): Promise<void> {
    const { fetch, timeoutMs, backoffMs, now, log } = this.#options;
    const { id, url, body, attempt, lease } = message;
    const key = this.#options.keys(message.secretEnv);
    if (!key) {
      log(`webhook ${id} to ${url}: dropped, the signing secret in ${message.secretEnv} is not usable`);
      await this.#outbox.finish(id, lease);
      return;
    }
    let failure: string;
    try {
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'webmcp-chat-webhooks',
        ...webhookHeaders(key, id, Math.floor(now() / 1000), body),
      };
      const signal = AbortSignal.any([this.#stop.signal, AbortSignal.timeout(timeoutMs)]);
      const res = await fetch(url, { method: 'POST', headers, body, signal, redirect: 'manual' });
      // The answer's body is not read: dropping it frees the connection.
      await res.body?.cancel().catch(() => {});
      if (res.status >= 200 && res.status < 300) {
        await this.#outbox.finish(id, lease);
        return;
      }
      failure = `HTTP ${res.status}`;
    } catch (error) {
      failure = describe(error, timeoutMs);
    }
    if (this.#stop.signal.aborted) {
      // Closed mid-attempt: hand the message back at once rather than when the lease runs out.
      await this.#outbox.retry(id, lease, attempt, Date.now());
      return;
    }
    const next = attempt + 1;
    if (next < backoffMs.length) {
      await this.#outbox.retry(id, lease, next, Date.now() + backoffMs[next]!);
      log(
        `webhook ${id} to ${url}: attempt ${next} of ${backoffMs.length} failed (${failure}); retrying in ${backoffMs[next]} ms`,
      );
      this.#wake(backoffMs[next]!);
      return;
    }
    log(`webhook ${id} to ${url}: giving up after ${backoffMs.length} attempts (${failure})`);
    await this.#outbox.finish(id, lease);
  }

  async #checkIdle(): Promise<void> {
    if (this.#idle.length === 0 || this.#inFlight > 0 || this.#polling) return;
    const size = await this.#outbox.size().catch(() => -1);
    if (size === 0 && this.#inFlight === 0) this.#idle.splice(0).forEach((resolve) => resolve());
  }
}

function describe(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, a TLS error…) is its cause.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
