/**
 * The PostgreSQL schema's migrations, applied when a store opens: one transaction for every version
 * the database has not seen, under an advisory lock so instances starting together migrate it once.
 */
import type pg from 'pg';
import { BACKFILL_BATCH, checkSchemaVersion, POSTGRES_MIGRATIONS, runColumns, sessionColumns } from './schema.js';
import type { RunRecord, SessionRecord } from './types.js';

// Any fixed 64-bit key: every server instance migrating the same database takes this lock first.
const MIGRATION_LOCK = 0x77656d6370; // "wemcp"

/** Applies missing migrations in one transaction, serialised across instances by an advisory lock. */
export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
    const current = rows[0]?.v ?? 0;
    checkSchemaVersion(current, POSTGRES_MIGRATIONS.length);
    for (const [i, migration] of POSTGRES_MIGRATIONS.slice(current).entries()) {
      await client.query(migration.sql);
      if (migration.backfill) await backfill(client);
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

/** Fills the list columns of every run, then every session, from its record (see `Migration.backfill`). */
async function backfill(client: pg.PoolClient): Promise<void> {
  const batches = async <T>(
    table: 'runs' | 'sessions',
    write: (rows: Array<{ id: string; data: T }>) => Promise<unknown>,
  ) => {
    for (let after = ''; ;) {
      const { rows } = await client.query<{ id: string; data: T }>(
        `SELECT id, data FROM ${table} WHERE id COLLATE "C" > $1 ORDER BY id COLLATE "C" LIMIT $2`,
        [after, BACKFILL_BATCH],
      );
      if (rows.length === 0) return;
      await write(rows);
      after = rows.at(-1)!.id;
    }
  };
  await batches<RunRecord>('runs', (rows) => {
    const cols = rows.map((r) => runColumns(r.data));
    return client.query(
      `UPDATE runs r SET session_id = v.session_id, message_count = v.n, has_tools = v.t
       FROM unnest($1::text[], $2::text[], $3::integer[], $4::integer[]) AS v(id, session_id, n, t) WHERE r.id = v.id`,
      [rows.map((r) => r.id), cols.map((c) => c[5]), cols.map((c) => c[6]), cols.map((c) => c[7])],
    );
  });
  await batches<SessionRecord>('sessions', (rows) => {
    const cols = rows.map((r) => sessionColumns(r.data));
    return client.query(
      `UPDATE sessions s SET surface_id = v.surface_id, origin = v.origin, created_at = v.created_at, message_count = v.n, has_tools = v.t,
         updated_at = greatest(s.updated_at, v.updated_at, coalesce((SELECT max(r.updated_at COLLATE "C") FROM runs r WHERE r.session_id = s.id), ''))
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::integer[]) AS v(id, surface_id, origin, created_at, updated_at, n, t)
       WHERE s.id = v.id`,
      [rows.map((r) => r.id), ...[1, 2, 3, 4, 5, 6].map((i) => cols.map((c) => c[i]))],
    );
  });
}
