/**
 * The webhook outbox in PostgreSQL (table `webhook_outbox`, schema v4), shared by every instance: a
 * claim leases due rows with `FOR UPDATE SKIP LOCKED`, so instances polling at once take different
 * messages and never wait on each other.
 */
import { newLease, type ClaimedMessage, type OutboxMessage, type WebhookOutbox } from './outbox.js';

type Query = <R extends Record<string, unknown>>(
  text: string,
  values: unknown[],
) => Promise<{ rows: R[]; rowCount: number | null }>;

interface Row extends Record<string, unknown> {
  id: string;
  url: string;
  secret_env: string;
  body: string;
  attempt: number;
  due_at: string;
  lease: string;
}

export class PostgresOutbox implements WebhookOutbox {
  constructor(private readonly query: Query) {}

  async add(m: OutboxMessage): Promise<void> {
    await this.query(
      'INSERT INTO webhook_outbox (id, url, secret_env, body, attempt, due_at, lease, created_at) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)',
      [m.id, m.url, m.secretEnv, m.body, m.attempt, m.dueAt, new Date().toISOString()],
    );
  }

  async claim(now: number, leaseMs: number, limit: number): Promise<ClaimedMessage[]> {
    // One lease id per claim is enough: it only has to differ from every other claim's.
    const lease = newLease();
    const { rows } = await this.query<Row>(
      `UPDATE webhook_outbox o SET due_at = $2, lease = $3
       FROM (SELECT id FROM webhook_outbox WHERE due_at <= $1 ORDER BY due_at LIMIT $4 FOR UPDATE SKIP LOCKED) due
       WHERE o.id = due.id
       RETURNING o.id, o.url, o.secret_env, o.body, o.attempt, o.due_at, o.lease`,
      [now, now + leaseMs, lease, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      url: row.url,
      secretEnv: row.secret_env,
      body: row.body,
      attempt: Number(row.attempt),
      dueAt: Number(row.due_at),
      lease: row.lease,
    }));
  }

  async finish(id: string, lease: string): Promise<boolean> {
    const { rowCount } = await this.query('DELETE FROM webhook_outbox WHERE id = $1 AND lease = $2', [id, lease]);
    return rowCount === 1;
  }

  async retry(id: string, lease: string, attempt: number, dueAt: number): Promise<boolean> {
    const { rowCount } = await this.query(
      'UPDATE webhook_outbox SET attempt = $3, due_at = $4, lease = NULL WHERE id = $1 AND lease = $2',
      [id, lease, attempt, dueAt],
    );
    return rowCount === 1;
  }

  async size(): Promise<number> {
    const { rows } = await this.query<{ n: string }>('SELECT count(*) AS n FROM webhook_outbox', []);
    return Number(rows[0]!.n);
  }
}
