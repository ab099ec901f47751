/** The webhook outbox in SQLite (table `webhook_outbox`, schema v4); one writer at a time makes a claim atomic. */
import type Database from 'better-sqlite3';
import { newLease, type ClaimedMessage, type OutboxMessage, type WebhookOutbox } from './outbox.js';

interface Row {
  id: string;
  url: string;
  secret_env: string;
  body: string;
  attempt: number;
  due_at: number;
}

export class SqliteOutbox implements WebhookOutbox {
  readonly #add: Database.Statement<[string, string, string, string, number, number, string]>;
  readonly #due: Database.Statement<[number, number], Row>;
  readonly #lease: Database.Statement<[number, string, string]>;
  readonly #finish: Database.Statement<[string, string]>;
  readonly #retry: Database.Statement<[number, number, string, string]>;
  readonly #size: Database.Statement<[], { n: number }>;
  readonly #claim: (now: number, leaseMs: number, limit: number) => ClaimedMessage[];

  constructor(db: Database.Database) {
    this.#add = db.prepare(
      'INSERT INTO webhook_outbox (id, url, secret_env, body, attempt, due_at, lease, created_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)',
    );
    this.#due = db.prepare('SELECT * FROM webhook_outbox WHERE due_at <= ? ORDER BY due_at LIMIT ?');
    this.#lease = db.prepare('UPDATE webhook_outbox SET due_at = ?, lease = ? WHERE id = ?');
    this.#finish = db.prepare('DELETE FROM webhook_outbox WHERE id = ? AND lease = ?');
    this.#retry = db.prepare(
      'UPDATE webhook_outbox SET attempt = ?, due_at = ?, lease = NULL WHERE id = ? AND lease = ?',
    );
    this.#size = db.prepare('SELECT count(*) AS n FROM webhook_outbox');
    const claim = db.transaction((now: number, leaseMs: number, limit: number) =>
      this.#due.all(now, limit).map((row) => {
        const lease = newLease();
        this.#lease.run(now + leaseMs, lease, row.id);
        return { ...fromRow(row), dueAt: now + leaseMs, lease };
      }),
    );
    // IMMEDIATE: the write lock before the read, so two processes on one file cannot claim one message.
    this.#claim = (now, leaseMs, limit) => claim.immediate(now, leaseMs, limit);
  }

  async add(m: OutboxMessage): Promise<void> {
    this.#add.run(m.id, m.url, m.secretEnv, m.body, m.attempt, m.dueAt, new Date().toISOString());
  }

  async claim(now: number, leaseMs: number, limit: number): Promise<ClaimedMessage[]> {
    return this.#claim(now, leaseMs, limit);
  }

  async finish(id: string, lease: string): Promise<boolean> {
    return this.#finish.run(id, lease).changes === 1;
  }

  async retry(id: string, lease: string, attempt: number, dueAt: number): Promise<boolean> {
    return this.#retry.run(attempt, dueAt, id, lease).changes === 1;
  }

  async size(): Promise<number> {
    return this.#size.get()!.n;
  }
}

function fromRow(row: Row): OutboxMessage {
  return {
    id: row.id,
    url: row.url,
    secretEnv: row.secret_env,
    body: row.body,
    attempt: row.attempt,
    dueAt: row.due_at,
  };
}
