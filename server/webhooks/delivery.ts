/**
 * Sending webhooks: a queue in this process's memory. Each message gets one `webhook-id`, kept on
 * every attempt; each attempt is signed afresh with its own `webhook-timestamp`, so a retry minutes
 * later still falls inside the receiver's tolerance. An attempt succeeds on a 2xx answer; anything
 * else (another status, a redirect, a network error, the per-attempt timeout) is retried after the
 * next wait of the backoff, and after the last attempt the message is dropped with a warning.
 * Nothing here is awaited by a run, and nothing is persisted: a restart loses pending retries.
 */
import { newId } from '../engine/ids.js';
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
}

/** 5 attempts: at once, then after 1 s, 5 s, 30 s and 2 min. */
export const DEFAULT_DELIVERY: DeliveryOptions = {
  backoffMs: [0, 1_000, 5_000, 30_000, 120_000],
  timeoutMs: 10_000,
  maxPending: 10_000,
  fetch: (input, init) => fetch(input, init),
  log: (message) => console.warn(`[webmcp-chat] ${message}`),
  now: () => Date.now(),
};

/** Where a message goes: the endpoint and its signing key. */
export interface WebhookTarget {
  url: string;
  key: Uint8Array;
}

/** The in-process webhook queue. */
export class WebhookDelivery {
  readonly #options: DeliveryOptions;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #stop = new AbortController();
  readonly #idle: Array<() => void> = [];
  #pending = 0;

  constructor(options: Partial<DeliveryOptions> = {}) {
    this.#options = { ...DEFAULT_DELIVERY, ...options };
    if (this.#options.backoffMs.length === 0)
      throw new Error('backoffMs needs at least one entry (the first attempt).');
  }

  /** Messages waiting for an attempt or in one. */
  get pending(): number {
    return this.#pending;
  }

  /**
   * Queues `body` (JSON text) for `target` and returns at once with the message's `webhook-id`;
   * the first attempt starts after `backoffMs[0]`. Returns `undefined` when the queue is full or closed.
   */
  send(target: WebhookTarget, body: string): string | undefined {
    if (this.#stop.signal.aborted) return undefined;
    if (this.#pending >= this.#options.maxPending) {
      this.#options.log(`webhook to ${target.url} dropped: ${this.#pending} messages are already waiting`);
      return undefined;
    }
    const id = newId('msg');
    this.#pending++;
    this.#schedule(target, id, body, 0);
    return id;
  }

  /** Resolves when no message is waiting or in flight. */
  idle(): Promise<void> {
    return this.#pending === 0 ? Promise.resolve() : new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Cancels waiting retries and aborts attempts in flight; later sends are ignored. */
  close(): void {
    this.#stop.abort();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#pending = 0;
    this.#idle.splice(0).forEach((resolve) => resolve());
  }

  #schedule(target: WebhookTarget, id: string, body: string, attempt: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(target, id, body, attempt);
    }, this.#options.backoffMs[attempt]);
    // A waiting retry must not keep the process alive.
    timer.unref?.();
    this.#timers.add(timer);
  }

  async #attempt(target: WebhookTarget, id: string, body: string, attempt: number): Promise<void> {
    const { fetch, timeoutMs, backoffMs, now, log } = this.#options;
    let failure: string;
    try {
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'webmcp-chat-webhooks',
        ...webhookHeaders(target.key, id, Math.floor(now() / 1000), body),
      };
      const signal = AbortSignal.any([this.#stop.signal, AbortSignal.timeout(timeoutMs)]);
      const res = await fetch(target.url, { method: 'POST', headers, body, signal, redirect: 'manual' });
      // The answer's body is not read: dropping it frees the connection.
      await res.body?.cancel().catch(() => {});
      if (res.status >= 200 && res.status < 300) return this.#done();
      failure = `HTTP ${res.status}`;
    } catch (error) {
      failure = describe(error, timeoutMs);
    }
    if (this.#stop.signal.aborted) return;
    const next = attempt + 1;
    if (next < backoffMs.length) {
      log(
        `webhook ${id} to ${target.url}: attempt ${next} of ${backoffMs.length} failed (${failure}); retrying in ${backoffMs[next]} ms`,
      );
      this.#schedule(target, id, body, next);
      return;
    }
    log(`webhook ${id} to ${target.url}: giving up after ${backoffMs.length} attempts (${failure})`);
    this.#done();
  }

  #done(): void {
    if (this.#stop.signal.aborted) return;
    this.#pending--;
    if (this.#pending === 0) this.#idle.splice(0).forEach((resolve) => resolve());
  }
}

function describe(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, a TLS error…) is its cause.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
