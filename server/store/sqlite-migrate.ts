/**
 * The SQLite schema's migrations, applied when a file opens: one write transaction for all the
 * versions the file has not seen, so processes opening a new file together migrate it once.
 */
import type Database from 'better-sqlite3';
import {
  BACKFILL_BATCH,
  checkSchemaVersion,
  runColumns,
  sessionColumns,
  SQLITE_MIGRATIONS,
  type Migration,
} from './schema.js';
import type { RunRecord, SessionRecord } from './types.js';

/** Applies the migrations the file has not seen yet, inside one write transaction. */
export function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  // IMMEDIATE takes the write lock before reading the version, so two processes opening a new file cannot both migrate it.
  db.transaction(() => {
    const current = db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_version').get()?.v ?? 0;
    checkSchemaVersion(current, SQLITE_MIGRATIONS.length);
    SQLITE_MIGRATIONS.slice(current).forEach((migration, i) => {
      applyMigration(db, migration);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(current + i + 1);
    });
  }).immediate();
}

/** Adds the migration's missing columns, runs its SQL, then its backfill. */
function applyMigration(db: Database.Database, migration: Migration): void {
  for (const [table, columns] of Object.entries(migration.columns ?? {})) {
    const existing = new Set(
      db
        .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
        .all(table)
        .map((c) => c.name),
    );
    for (const column of columns) {
      if (!existing.has(column.split(' ', 1)[0]!)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column}`);
    }
  }
  db.exec(migration.sql);
  if (migration.backfill) backfill(db);
}

/** Fills the list columns of every run, then every session, from its record (see `Migration.backfill`). */
function backfill(db: Database.Database): void {
  const batches = (table: 'runs' | 'sessions', each: (id: string, data: string) => void) => {
    const page = db.prepare<[string, number], { id: string; data: string }>(
      `SELECT id, data FROM ${table} WHERE id > ? ORDER BY id LIMIT ?`,
    );
    for (let rows = page.all('', BACKFILL_BATCH); rows.length > 0; rows = page.all(rows.at(-1)!.id, BACKFILL_BATCH)) {
      for (const row of rows) each(row.id, row.data);
    }
  };
  const setRun = db.prepare<[string, number, number, string]>(
    'UPDATE runs SET session_id = ?, message_count = ?, has_tools = ? WHERE id = ?',
  );
  batches('runs', (id, data) => {
    const [, , , , , sessionId, count, tools] = runColumns(JSON.parse(data) as RunRecord);
    setRun.run(sessionId, count, tools, id);
  });
  const setSession = db.prepare<[string, string, string, number, number, string, string]>(
    `UPDATE sessions SET surface_id = ?, origin = ?, created_at = ?, message_count = ?, has_tools = ?,
       updated_at = max(updated_at, ?, coalesce((SELECT max(r.updated_at) FROM runs r WHERE r.session_id = sessions.id), ''))
     WHERE id = ?`,
  );
  batches('sessions', (id, data) => {
    const [, surfaceId, origin, createdAt, updatedAt, count, tools] = sessionColumns(JSON.parse(data) as SessionRecord);
    setSession.run(surfaceId, origin, createdAt, count, tools, updatedAt, id);
  });
}
