import pg from 'pg';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import { aggregateSightings, checkSchemaVersion, POSTGRES_MIGRATIONS, runColumns, runFromRow, type RunRow, type SightingInput } from './schema.js';
import type { OriginSighting, RunRecord, SessionRecord, Store, ToolSighting } from './types.js';

/** Where a `PostgresStore` gets its connections: a URL (the store owns the pool) or a pool you share. */
export type PostgresStoreOptions =
  | { url: string; /** Pool size. Default 10. */ max?: number }
  | { /** Shared with the caller: `close()` leaves it open. */ pool: pg.Pool };

// Any fixed 64-bit key: every server instance migrating the same database takes this lock first.
const MIGRATION_LOCK = 0x77656d6370; // "wemcp"
const RUN_COLS = 'status, version, updated_at, data';

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

  private constructor(pool: pg.Pool, ownsPool: boolean) {
    this.#pool = pool;
    this.#ownsPool = ownsPool;
  }

  /** Connects, creates or migrates the schema, and returns the store. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const owns = !('pool' in options);
    const pool = 'pool' in options ? options.pool : new pg.Pool({ connectionString: options.url, max: options.max ?? 10 });
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
    const { rows } = await this.#query<{ data: SessionRecord }>('SELECT data FROM sessions WHERE id = $1', [id]);
    return rows[0]?.data;
  }

  async saveSession(session: SessionRecord) {
    await this.#query('INSERT INTO sessions (id, data) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET data = excluded.data', [session.id, JSON.stringify(session)]);
  }

  async getRun(id: string) {
    const { rows } = await this.#query<RunRow>(`SELECT ${RUN_COLS} FROM runs WHERE id = $1`, [id]);
    return rows[0] && runFromRow(rows[0]);
  }

  async saveRun(run: RunRecord) {
    await this.#query(
      `INSERT INTO runs (id, status, version, paused_at, updated_at, data) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, version = excluded.version,
         paused_at = excluded.paused_at, updated_at = excluded.updated_at, data = excluded.data`,
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

  async appendEvents(executionId: string, events: readonly StreamEvent[]) {
    if (events.length === 0) return;
    await this.#query(
      'INSERT INTO events (execution_id, seq, data) SELECT $1, seq, data::json FROM unnest($2::integer[], $3::text[]) AS e(seq, data)',
      [executionId, events.map((e) => e.seq), events.map((e) => JSON.stringify(e))],
    );
  }

  async listEvents(executionId: string, after: number) {
    const { rows } = await this.#query<{ data: StreamEvent }>('SELECT data FROM events WHERE execution_id = $1 AND seq > $2 ORDER BY seq', [executionId, after]);
    return rows.map((r) => r.data);
  }

  async expirePausedRuns(pausedBefore: string) {
    const result = await this.#query(
      `UPDATE runs SET status = 'expired', version = version + 1, updated_at = $2 WHERE status = 'awaiting' AND paused_at < $1`,
      [pausedBefore, new Date().toISOString()],
    );
    return result.rowCount ?? 0;
  }

  async recordToolSightings(surfaceId: string, origin: string, sightings: readonly SightingInput[], at: string) {
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

  async recordOrigin(surfaceId: string, origin: string, at: string) {
    await this.#query(
      `INSERT INTO origins (surface_id, origin, first_seen, last_seen, requests) VALUES ($1, $2, $3, $3, 1)
       ON CONFLICT (surface_id, origin) DO UPDATE SET last_seen = excluded.last_seen, requests = origins.requests + 1`,
      [surfaceId, origin, at],
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
    else await this.#query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, JSON.stringify(value)]);
  }

  async listSettings(prefix: string) {
    const { rows } = await this.#query<{ key: string; value: unknown }>('SELECT key, value FROM settings WHERE starts_with(key, $1) ORDER BY key', [prefix]);
    return rows;
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

/** Applies missing migrations in one transaction, serialised across instances by an advisory lock. */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
    const current = rows[0]?.v ?? 0;
    checkSchemaVersion(current, POSTGRES_MIGRATIONS.length);
    for (const [i, sql] of POSTGRES_MIGRATIONS.slice(current).entries()) {
      await client.query(sql);
      await client.query('INSERT INTO schema_version (version) VALUES ($1)', [current + i + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    // The original error matters more than a failed rollback on a broken connection.
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
