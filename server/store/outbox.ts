/**
 * The webhook outbox: messages waiting for their next delivery attempt, kept in the store so they
 * survive a restart and are shared by every instance on it. A message is leased while one instance
 * attempts it: `claim` moves its `dueAt` past the lease and stamps a lease id, so no other instance
 * takes it until the lease runs out (the holder crashed), and only the lease holder may `finish` or
 * `retry` it. Times are milliseconds since the epoch.
 */
import { randomUUID } from 'node:crypto';

/** One webhook message: where it goes, the environment variable holding its signing secret, and its body. */
export interface OutboxMessage {
  /** The `webhook-id` every attempt carries (`msg_…`). */
  id: string;
  url: string;
  /** The name of the environment variable with the signing secret (never the secret itself). */
  secretEnv: string;
  /** JSON text, already masked. */
  body: string;
  /** Attempts made so far (the index of the next one in the backoff). */
  attempt: number;
  /** When the next attempt is due. */
  dueAt: number;
}

/** A message claimed for an attempt, with the lease that lets its holder finish or retry it. */
export interface ClaimedMessage extends OutboxMessage {
  lease: string;
}

/** The outbox operations every store provides. */
export interface WebhookOutbox {
  add(message: OutboxMessage): Promise<void>;
  /** Leases up to `limit` messages due at `now` (oldest due first) for `leaseMs`. */
  claim(now: number, leaseMs: number, limit: number): Promise<ClaimedMessage[]>;
  /** Removes a delivered or abandoned message; false when the lease was lost (another instance took it). */
  finish(id: string, lease: string): Promise<boolean>;
  /** Releases the lease with the next attempt due at `dueAt`; false when the lease was lost. */
  retry(id: string, lease: string, attempt: number, dueAt: number): Promise<boolean>;
  /** Messages in the outbox, leased ones included. */
  size(): Promise<number>;
}

/** A new lease id. */
export function newLease(): string {
  return randomUUID();
}

/** The outbox of the memory store (and of a delivery built without a store). */
export class MemoryOutbox implements WebhookOutbox {
  readonly #messages = new Map<string, OutboxMessage & { lease: string | null }>();

  async add(message: OutboxMessage): Promise<void> {
    this.#messages.set(message.id, { ...message, lease: null });
  }

  async claim(now: number, leaseMs: number, limit: number): Promise<ClaimedMessage[]> {
    const due = [...this.#messages.values()]
      .filter((m) => m.dueAt <= now)
      .sort((a, b) => a.dueAt - b.dueAt)
      .slice(0, limit);
    return due.map((m) => {
      m.lease = newLease();
      m.dueAt = now + leaseMs;
      return { ...m, lease: m.lease };
    });
  }

  async finish(id: string, lease: string): Promise<boolean> {
    if (this.#messages.get(id)?.lease !== lease) return false;
    return this.#messages.delete(id);
  }

  async retry(id: string, lease: string, attempt: number, dueAt: number): Promise<boolean> {
    const message = this.#messages.get(id);
    if (message?.lease !== lease) return false;
    Object.assign(message, { attempt, dueAt, lease: null });
    return true;
  }

  async size(): Promise<number> {
    return this.#messages.size;
  }
}
