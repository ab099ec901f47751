/**
 * The durable stores' tables, one migration list per dialect (index + 1 is the version recorded in
 * `schema_version`), and the row mapping both dialects share.
 *
 * Records live whole in a JSON column; the fields that queries filter or update (a run's status,
 * version, pause time) are also real columns, and those columns win when a run is read back.
 */
import type { RunRecord, RunStatus } from './types.js';

/** SQLite migrations. `STRICT` tables; JSON is kept as `TEXT` (a `JSON` column would get numeric affinity). */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sessions (id TEXT PRIMARY KEY, data TEXT NOT NULL) STRICT;
  CREATE TABLE runs (
    id TEXT PRIMARY KEY, status TEXT NOT NULL, version INTEGER NOT NULL,
    paused_at TEXT, updated_at TEXT NOT NULL, data TEXT NOT NULL
  ) STRICT;
  CREATE INDEX runs_awaiting ON runs (paused_at) WHERE status = 'awaiting';
  CREATE TABLE events (
    execution_id TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (execution_id, seq)
  ) STRICT;
  CREATE TABLE tool_sightings (
    surface_id TEXT NOT NULL, origin TEXT NOT NULL, tool_name TEXT NOT NULL, status TEXT NOT NULL,
    reason TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (surface_id, origin, tool_name)
  ) STRICT;
  CREATE TABLE origins (
    surface_id TEXT NOT NULL, origin TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,
    requests INTEGER NOT NULL, PRIMARY KEY (surface_id, origin)
  ) STRICT;
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  `,
];

/**
 * PostgreSQL migrations. Records are `json`, not `jsonb`: nothing queries inside them, `json` keeps
 * the text as written, and `jsonb` refuses `\u0000`, which a page tool's output may contain.
 * Timestamps are ISO strings compared as text, so `paused_at` uses the byte-order "C" collation.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sessions (id text PRIMARY KEY, data json NOT NULL);
  CREATE TABLE runs (
    id text PRIMARY KEY, status text NOT NULL, version integer NOT NULL,
    paused_at text COLLATE "C", updated_at text NOT NULL, data json NOT NULL
  );
  CREATE INDEX runs_awaiting ON runs (paused_at) WHERE status = 'awaiting';
  CREATE TABLE events (
    execution_id text NOT NULL, seq integer NOT NULL, data json NOT NULL,
    PRIMARY KEY (execution_id, seq)
  );
  CREATE TABLE tool_sightings (
    surface_id text NOT NULL, origin text NOT NULL, tool_name text NOT NULL, status text NOT NULL,
    reason text NOT NULL, first_seen text NOT NULL, last_seen text NOT NULL, count bigint NOT NULL,
    PRIMARY KEY (surface_id, origin, tool_name)
  );
  CREATE TABLE origins (
    surface_id text NOT NULL, origin text NOT NULL, first_seen text NOT NULL, last_seen text NOT NULL,
    requests bigint NOT NULL, PRIMARY KEY (surface_id, origin)
  );
  CREATE TABLE settings (key text PRIMARY KEY, value json NOT NULL);
  `,
];

/** Refuses a database migrated by a newer server, whose tables this code does not know. */
export function checkSchemaVersion(current: number, known: number): void {
  if (current > known) {
    throw new Error(`The store's schema is version ${current}, newer than this server knows (${known}); upgrade the server.`);
  }
}

/** The columns of `runs` a query returns, with `data` already parsed. */
export interface RunRow {
  status: string;
  version: number | string;
  updated_at: string;
  data: RunRecord;
}

/** A run read back: the JSON body, with the authoritative columns laid over it. */
export function runFromRow(row: RunRow): RunRecord {
  return { ...row.data, status: row.status as RunStatus, version: Number(row.version), updatedAt: row.updated_at };
}

/** The column values `saveRun` writes. */
export function runColumns(run: RunRecord): [id: string, status: string, version: number, pausedAt: string | null, updatedAt: string, data: string] {
  return [run.id, run.status, run.version, run.pausedAt ?? null, run.updatedAt, JSON.stringify(run)];
}

export interface SightingInput {
  toolName: string;
  status: 'admitted' | 'rejected';
  reason: string;
}

/**
 * One row per tool with how many times it was offered and its last status, sorted by name: a
 * single upsert may not touch a row twice, and a fixed order keeps concurrent upserts from deadlocking.
 */
export function aggregateSightings(sightings: readonly SightingInput[]): Array<SightingInput & { n: number }> {
  const byName = new Map<string, SightingInput & { n: number }>();
  for (const s of sightings) {
    const old = byName.get(s.toolName);
    byName.set(s.toolName, { toolName: s.toolName, status: s.status, reason: s.reason, n: (old?.n ?? 0) + 1 });
  }
  return [...byName.values()].sort((a, b) => (a.toolName < b.toolName ? -1 : a.toolName > b.toolName ? 1 : 0));
}
