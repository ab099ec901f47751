import pg from 'pg';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { RecordedDecision } from './types.js';
import {
  aggregateSightings,
  byCreation,
  FIRST_PAGE,
  OPEN_RUN_STATUSES,
  runColumns,
  runFromRow,
  sessionColumns,
  sessionFromRow,
  type RunRow,
} from './schema.js';
import { PostgresInsights } from './postgres-insights.js';
import { migrate } from './postgres-migrate.js';
import { PostgresOutbox } from './postgres-outbox.js';
import { postgresPurge } from './postgres-retention.js';
import type { WebhookOutbox } from './outbox.js';
import type { PurgeCounts, RetentionCutoffs } from './retention.js';
import type {
  AuditEntry,
  ConversationQuery,
  ListSessionsQuery,
  OriginSighting,
  RunRecord,
  RunStatus,
  SegmentCommit,
  SessionRecord,
  SessionSummary,
  Store,
  ToolActivityQuery,
  ToolSighting,
} from './types.js';

/** Where a `PostgresStore` gets its connections: a URL (the store owns the pool) or a pool you share. */
export type PostgresStoreOptions =
  | { url: string; /** Pool size. Default 10. */ max?: number }
  | { /** Shared with the caller: `close()` leaves it open. */ pool: pg.Pool };

const RUN_COLS = 'status, version, updated_at, data';
// A running run's last sign of life: its heartbeat or its last save, whichever is later (byte order).
const ALIVE = `greatest(coalesce(heartbeat_at, ''), updated_at COLLATE "C")`;
const SAVE_SESSION = `INSERT INTO sessions (id, surface_id, origin, created_at, updated_at, message_count, has_tools, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT (id) DO UPDATE SET surface_id = excluded.surface_id, origin = excluded.origin, created_at = excluded.created_at,
    updated_at = greatest(sessions.updated_at, excluded.updated_at), message_count = excluded.message_count,
    has_tools = excluded.has_tools, data = excluded.data`;

/**
 * The shared durable store: several server instances use one PostgreSQL database, so a run paused
 * on one instance is resumed on another. Open it with `PostgresStore.open`, which migrates the
 * schema under an advisory lock so instances can start at the same time.
 *
 * @example
 * const store = await PostgresStore.open({ url: 'postgres://app@db.internal/webmcp_chat' });
 * const shared = await PostgresStore.open({ pool }); // store.close() will not end `pool`
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  #closed = false;
  readonly #insights: PostgresInsights;
  readonly outbox: WebhookOutbox;

  private constructor(pool: pg.Pool, ownsPool: boolean) {
    this.#pool = pool;
    this.#ownsPool = ownsPool;
    this.#insights = new PostgresInsights(pool, (text, values) => this.#query(text, values));
    this.outbox = new PostgresOutbox((text, values) => this.#query(text, values));
  }

  /** Connects, creates or migrates the schema, and returns the store. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const owns = !('pool' in options);
    const pool =
      'pool' in options ? options.pool : new pg.Pool({ connectionString: options.url, max: options.max ?? 10 });
    // An idle client that loses its server emits 'error' on the pool; unhandled it would crash the process.
    if (owns) pool.on('error', () => {});
    try {
      await migrate(pool);
    } catch (error) {
      if (owns) await pool.end();
      throw new Error(`Cannot open the PostgreSQL store: ${(error as Error).message}`, { cause: error });
    }
    return new PostgresStore(pool, owns);
  }

  async getSession(id: string) {
    const { rows } = await this.#query<{ updated_at: string; data: SessionRecord }>(
      'SELECT updated_at, data FROM sessions WHERE id = $1',
      [id],
    );
    return rows[0] && sessionFromRow(rows[0]);
  }

  async saveSession(session: SessionRecord) {
    await this.#query(SAVE_SESSION, sessionColumns(session));
  }

  async updateSession(id: string, change: (session: SessionRecord) => void) {
    return this.#transaction(async (client) => {
      const session = await lockedSession(client, id);
      if (!session) return undefined;
      change(session);
      session.id = id;
      const saved = await client.query<{ updated_at: string; data: SessionRecord }>(
        `${SAVE_SESSION} RETURNING updated_at, data`,
        sessionColumns(session),
      );
      return sessionFromRow(saved.rows[0]!);
    });
  }

  async commitSegment({ run, expectVersion, events, session, claim }: SegmentCommit) {
    return this.#transaction(async (client) => {
      // Racing writers queue on the run's row lock and re-check the WHERE: after a takeover this matches nothing.
      const [id, ...columns] = runColumns(run);
      const saved = await client.query(
        `WITH saved AS (
           UPDATE runs SET status = $1, version = $2, paused_at = $3, updated_at = $4, session_id = $5,
             message_count = $6, has_tools = $7, data = $8
           WHERE id = $9 AND status = $14 AND version = $10 RETURNING 1),
         touched AS (
           UPDATE sessions SET updated_at = $4 WHERE id = $5 AND updated_at < $4 AND NOT $13 AND EXISTS (SELECT 1 FROM saved)),
         stored AS (
           INSERT INTO events (execution_id, seq, data)
           SELECT $9, seq, data::json FROM unnest($11::integer[], $12::text[]) AS e(seq, data) WHERE EXISTS (SELECT 1 FROM saved))
         SELECT 1 FROM saved`,
        [
          ...columns,
          id,
          expectVersion,
          events.map((e) => e.seq),
          events.map((e) => JSON.stringify(e)),
          !!session,
          claim ? 'awaiting' : 'running',
        ],
      );
      if (saved.rowCount !== 1) return false;
      const record = session && (await lockedSession(client, run.sessionId));
      if (session && record) {
        session(record);
        record.id = run.sessionId;
        // Written anyway: its `updatedAt` is raised in this write, not by the touch above.
        if (!record.updatedAt || record.updatedAt < run.updatedAt) record.updatedAt = run.updatedAt;
        await client.query(SAVE_SESSION, sessionColumns(record));
      }
      return true;
    });
  }

  /** Runs `work` in one transaction on one pooled connection; rolls back when it throws. */
  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error('The PostgreSQL store is closed.');
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // The original error matters more than a failed rollback on a broken connection.
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async listSessions(query: ListSessionsQuery): Promise<SessionSummary[]> {
    const before = query.before ?? FIRST_PAGE;
    // Counts add the messages of runs not yet in the transcript; sessions that never had a message are left out.
    const { rows } = await this.#query<
      Omit<SessionSummary, 'messageCount' | 'hasTools'> & { messageCount: string | number; hasTools: number }
    >(
      `SELECT s.id, s.surface_id AS "surfaceId", s.origin, s.created_at AS "createdAt", s.updated_at AS "updatedAt",
         s.message_count + coalesce(o.n, 0) AS "messageCount", greatest(s.has_tools, coalesce(o.t, 0)) AS "hasTools"
       FROM sessions s
       LEFT JOIN LATERAL (SELECT sum(r.message_count) AS n, max(r.has_tools) AS t FROM runs r WHERE r.session_id = s.id AND r.status = ANY($1::text[])) o ON true
       WHERE ($2::text IS NULL OR s.surface_id = $2)
         AND (s.updated_at < $3 OR (s.updated_at = $3 AND s.id COLLATE "C" < $4))
         AND (s.message_count > 0 OR EXISTS (SELECT 1 FROM runs r WHERE r.session_id = s.id))
       ORDER BY s.updated_at DESC, s.id COLLATE "C" DESC LIMIT $5`,
      [OPEN_RUN_STATUSES, query.surfaceId ?? null, before.updatedAt, before.id, Math.max(0, Math.trunc(query.limit))],
    );
    return rows.map((r) => ({ ...r, messageCount: Number(r.messageCount), hasTools: Number(r.hasTools) !== 0 }));
  }

  async getRun(id: string) {
    const { rows } = await this.#query<RunRow>(`SELECT ${RUN_COLS} FROM runs WHERE id = $1`, [id]);
    return rows[0] && runFromRow(rows[0]);
  }

  async saveRun(run: RunRecord) {
    // One statement, so the session's updatedAt moves with the run it describes.
    await this.#query(
      `WITH saved AS (
         INSERT INTO runs (id, status, version, paused_at, updated_at, session_id, message_count, has_tools, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, version = excluded.version,
           paused_at = excluded.paused_at, updated_at = excluded.updated_at, session_id = excluded.session_id,
           message_count = excluded.message_count, has_tools = excluded.has_tools, data = excluded.data
         RETURNING 1)
       UPDATE sessions SET updated_at = $5 WHERE id = $6 AND updated_at < $5 AND EXISTS (SELECT 1 FROM saved)`,
      runColumns(run),
    );
  }

  async claimRun(id: string, version: number) {
    // Racing UPDATEs queue on the row lock and re-check the WHERE on the winner's version: one matches.
    const { rows } = await this.#query<RunRow>(
      `UPDATE runs SET status = 'running', version = version + 1, updated_at = $3
       WHERE id = $1 AND status = 'awaiting' AND version = $2 RETURNING ${RUN_COLS}`,
      [id, version, new Date().toISOString()],
    );
    return rows[0] && runFromRow(rows[0]);
  }

  async listRuns(query: { sessionId: string; status?: readonly RunStatus[] }) {
    const { rows } = await this.#query<RunRow>(
      `SELECT ${RUN_COLS} FROM runs WHERE session_id = $1 AND ($2::text[] IS NULL OR status = ANY($2))`,
      [query.sessionId, query.status ?? null],
    );
    return rows.map(runFromRow).sort(byCreation);
  }

  async appendEvents(executionId: string, events: readonly StreamEvent[]) {
    if (events.length === 0) return;
    await this.#query(
      'INSERT INTO events (execution_id, seq, data) SELECT $1, seq, data::json FROM unnest($2::integer[], $3::text[]) AS e(seq, data)',
      [executionId, events.map((e) => e.seq), events.map((e) => JSON.stringify(e))],
    );
  }

  async listEvents(executionId: string, after: number) {
    const { rows } = await this.#query<{ data: StreamEvent }>(
      'SELECT data FROM events WHERE execution_id = $1 AND seq > $2 ORDER BY seq',
      [executionId, after],
    );
    return rows.map((r) => r.data);
  }

  async expirePausedRuns(pausedBefore: string) {
    const result = await this.#query(
      `UPDATE runs SET status = 'expired', version = version + 1, updated_at = $2 WHERE status = 'awaiting' AND paused_at < $1`,
      [pausedBefore, new Date().toISOString()],
    );
    return result.rowCount ?? 0;
  }

  async heartbeatRun(id: string, version: number, at: string) {
    const result = await this.#query(
      `UPDATE runs SET heartbeat_at = $3 WHERE id = $1 AND status = 'running' AND version = $2`,
      [id, version, at],
    );
    return result.rowCount === 1;
  }

  async listStaleRuns(staleBefore: string, limit: number) {
    const { rows } = await this.#query<RunRow>(
      `SELECT ${RUN_COLS} FROM runs WHERE status = 'running' AND ${ALIVE} < $1 ORDER BY ${ALIVE} LIMIT $2`,
      [staleBefore, Math.max(0, Math.trunc(limit))],
    );
    return rows.map(runFromRow);
  }

  async takeOverRun(id: string, version: number, staleBefore: string, at: string) {
    // Racing UPDATEs queue on the row lock and re-check the WHERE on the winner's version: one matches.
    const { rows } = await this.#query<RunRow>(
      `UPDATE runs SET version = version + 1, heartbeat_at = $4
       WHERE id = $1 AND status = 'running' AND version = $2 AND ${ALIVE} < $3 RETURNING ${RUN_COLS}`,
      [id, version, staleBefore, at],
    );
    return rows[0] && runFromRow(rows[0]);
  }

  async recordToolSightings(surfaceId: string, origin: string, sightings: readonly RecordedDecision[], at: string) {
    if (sightings.length === 0) return;
    await this.#query(
      `INSERT INTO tool_sightings (surface_id, origin, tool_name, status, reason, first_seen, last_seen, count)
       SELECT $1, $2, t."toolName", t.status, t.reason, $3, $3, t.n FROM json_to_recordset($4::json) AS t("toolName" text, status text, reason text, n bigint)
       ON CONFLICT (surface_id, origin, tool_name) DO UPDATE SET status = excluded.status, reason = excluded.reason,
         last_seen = excluded.last_seen, count = tool_sightings.count + excluded.count`,
      [surfaceId, origin, at, JSON.stringify(aggregateSightings(sightings))],
    );
  }

  async listToolSightings(surfaceId?: string): Promise<ToolSighting[]> {
    const { rows } = await this.#query<ToolSighting & { count: string }>(
      `SELECT surface_id AS "surfaceId", origin, tool_name AS "toolName", status, reason, first_seen AS "firstSeen", last_seen AS "lastSeen", count
       FROM tool_sightings WHERE $1::text IS NULL OR surface_id = $1 ORDER BY surface_id, origin, tool_name`,
      [surfaceId ?? null],
    );
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }

  async recordOrigin(surfaceId: string, origin: string, at: string, requests = 1) {
    await this.#query(
      `INSERT INTO origins (surface_id, origin, first_seen, last_seen, requests) VALUES ($1, $2, $3, $3, $4)
       ON CONFLICT (surface_id, origin) DO UPDATE SET last_seen = greatest(origins.last_seen, excluded.last_seen),
         requests = origins.requests + excluded.requests`,
      [surfaceId, origin, at, requests],
    );
  }

  async listOrigins(surfaceId?: string): Promise<OriginSighting[]> {
    const { rows } = await this.#query<OriginSighting & { requests: string }>(
      `SELECT surface_id AS "surfaceId", origin, first_seen AS "firstSeen", last_seen AS "lastSeen", requests
       FROM origins WHERE $1::text IS NULL OR surface_id = $1 ORDER BY surface_id, origin`,
      [surfaceId ?? null],
    );
    return rows.map((r) => ({ ...r, requests: Number(r.requests) }));
  }

  async getSetting(key: string) {
    const { rows } = await this.#query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [key]);
    return rows[0]?.value;
  }

  async setSetting(key: string, value: unknown) {
    if (value === undefined) await this.#query('DELETE FROM settings WHERE key = $1', [key]);
    else
      await this.#query(
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, JSON.stringify(value)],
      );
  }

  async listSettings(prefix: string) {
    const { rows } = await this.#query<{ key: string; value: unknown }>(
      'SELECT key, value FROM settings WHERE starts_with(key, $1) ORDER BY key',
      [prefix],
    );
    return rows;
  }

  async searchSessions(query: ConversationQuery) {
    return this.#insights.search(query);
  }

  async toolActivity(query: ToolActivityQuery) {
    return this.#insights.activity(query);
  }

  async appendAudit(entry: Omit<AuditEntry, 'id'>) {
    return this.#insights.appendAudit(entry);
  }

  async listAudit(query: { limit: number; before?: string }) {
    return this.#insights.listAudit(query);
  }

  async purge(cutoffs: RetentionCutoffs): Promise<PurgeCounts> {
    if (this.#closed) throw new Error('The PostgreSQL store is closed.');
    return postgresPurge(this.#pool, cutoffs);
  }

  /** The store's pool, for what shares the database with it (the shared rate limits). */
  sharedPool(): pg.Pool {
    return this.#pool;
  }

  /** The store's pool, shared with the RPC channel between instances (`LISTEN/NOTIFY`). */
  get pool(): pg.Pool {
    return this.#pool;
  }

  /** Ends the pool if the store created it (waiting for queries in flight); later calls reject. Closing twice is harmless. */
  async close() {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsPool) await this.#pool.end();
  }

  #query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    if (this.#closed) return Promise.reject(new Error('The PostgreSQL store is closed.'));
    return this.#pool.query<R>(text, values);
  }
}

/** The session `id` with its row locked until the transaction ends: every other update of it waits, on every instance. */
async function lockedSession(client: pg.PoolClient, id: string): Promise<SessionRecord | undefined> {
  const { rows } = await client.query<{ updated_at: string; data: SessionRecord }>(
    'SELECT updated_at, data FROM sessions WHERE id = $1 FOR UPDATE',
    [id],
  );
  return rows[0] && sessionFromRow(rows[0]);
}
