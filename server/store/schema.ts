/**
 * The durable stores' tables, one migration list per dialect (index + 1 is the version recorded in
 * `schema_version`), and the row mapping both dialects share.
 *
 * Records live whole in a JSON column; the fields that queries filter or update (a run's status,
 * version, pause time) are also real columns, and those columns win when a run is read back.
 */
import type { ModelMessage } from '../models/types.js';
import type { RecordedDecision } from './types.js';
import type { RunRecord, RunStatus, SessionRecord } from './types.js';

/** One schema version. */
export interface Migration {
  /**
   * SQLite only: columns to add, by table, where missing. SQLite has no `ADD COLUMN IF NOT EXISTS`,
   * and a migration must survive running again over its own result.
   */
  columns?: Record<string, readonly string[]>;
  sql: string;
  /**
   * Then fill the list columns (`sessions.surface_id … has_tools`, `runs.session_id …`) of every
   * record, in code: one set of counting rules ({@link messageStats}) for old and new rows, and
   * PostgreSQL's json functions refuse a record holding `\u0000`, which a page tool's output may.
   */
  backfill?: boolean;
}

/** SQLite migrations. `STRICT` tables; JSON is kept as `TEXT` (a `JSON` column would get numeric affinity). */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    sql: `
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
  },
  // v2: what the conversation list reads without parsing records.
  {
    columns: {
      sessions: [
        "surface_id TEXT NOT NULL DEFAULT ''",
        "origin TEXT NOT NULL DEFAULT ''",
        "created_at TEXT NOT NULL DEFAULT ''",
        "updated_at TEXT NOT NULL DEFAULT ''",
        'message_count INTEGER NOT NULL DEFAULT 0',
        'has_tools INTEGER NOT NULL DEFAULT 0',
      ],
      runs: [
        "session_id TEXT NOT NULL DEFAULT ''",
        'message_count INTEGER NOT NULL DEFAULT 0',
        'has_tools INTEGER NOT NULL DEFAULT 0',
      ],
    },
    sql: `
    CREATE INDEX IF NOT EXISTS runs_session ON runs (session_id);
    CREATE INDEX IF NOT EXISTS sessions_recent ON sessions (updated_at, id);
    CREATE INDEX IF NOT EXISTS sessions_surface_recent ON sessions (surface_id, updated_at, id);
    `,
    backfill: true,
  },
  // v3: the console's rollup (conversation facts, one row per tool call), kept up to date lazily: a
  // session whose `updated_at` moved past `indexed_at` is re-derived before a search or a chart. And
  // the audit list of admin changes.
  {
    columns: { sessions: ['indexed_at TEXT'] },
    sql: `
    CREATE INDEX IF NOT EXISTS sessions_unindexed ON sessions (id) WHERE indexed_at IS NOT updated_at;
    CREATE TABLE IF NOT EXISTS conversation_facts (
      session_id TEXT PRIMARY KEY, message_count INTEGER NOT NULL, has_tools INTEGER NOT NULL, tools TEXT NOT NULL,
      had_error INTEGER NOT NULL, had_denial INTEGER NOT NULL, text TEXT NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS tool_calls (
      session_id TEXT NOT NULL, seq INTEGER NOT NULL, surface_id TEXT NOT NULL, tool_name TEXT NOT NULL,
      kind TEXT NOT NULL, at TEXT NOT NULL, duration_ms REAL, status TEXT NOT NULL, PRIMARY KEY (session_id, seq)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS tool_calls_window ON tool_calls (at, surface_id, tool_name, kind, status, duration_ms);
    CREATE TABLE IF NOT EXISTS audit (
      id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
      target TEXT NOT NULL, summary TEXT NOT NULL
    ) STRICT;
    `,
  },
  // v4: the heartbeat of a running run (a segment's sign of life), which a stale-run sweep reads.
  {
    columns: { runs: ['heartbeat_at TEXT'] },
    sql: `CREATE INDEX IF NOT EXISTS runs_running ON runs (updated_at) WHERE status = 'running';`,
  },
  // v5: the webhook outbox (retries survive restarts; instances share it) and what retention sweeps by.
  {
    sql: `
    CREATE TABLE IF NOT EXISTS webhook_outbox (
      id TEXT PRIMARY KEY, url TEXT NOT NULL, secret_env TEXT NOT NULL, body TEXT NOT NULL,
      attempt INTEGER NOT NULL, due_at INTEGER NOT NULL, lease TEXT, created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox (due_at);
    CREATE INDEX IF NOT EXISTS runs_finished ON runs (updated_at) WHERE status IN ('completed', 'failed', 'expired');
    `,
  },
  // v6: the events written together (a turn's batch, a segment's commit) in one row: `seq` is the
  // first one's, `last_seq` the last one's and `data` their JSON array. A row of one event keeps
  // `last_seq` NULL and the event itself as `data`, as every row did before.
  { columns: { events: ['last_seq INTEGER'] }, sql: '' },
];

/**
 * PostgreSQL migrations. Records are `json`, not `jsonb`: nothing queries inside them, `json` keeps
 * the text as written, and `jsonb` refuses `\u0000`, which a page tool's output may contain.
 * Timestamps are ISO strings compared as text, so `paused_at` uses the byte-order "C" collation.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    sql: `
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
  },
  // v2: what the conversation list reads without parsing records (see the SQLite v2). Idempotent.
  {
    sql: `
  ALTER TABLE sessions
    ADD COLUMN IF NOT EXISTS surface_id text NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS origin text NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS created_at text NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS updated_at text COLLATE "C" NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS message_count integer NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS has_tools integer NOT NULL DEFAULT 0;
  ALTER TABLE runs
    ADD COLUMN IF NOT EXISTS session_id text NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS message_count integer NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS has_tools integer NOT NULL DEFAULT 0;
  CREATE INDEX IF NOT EXISTS runs_session ON runs (session_id);
  CREATE INDEX IF NOT EXISTS sessions_recent ON sessions (updated_at, id COLLATE "C");
  CREATE INDEX IF NOT EXISTS sessions_surface_recent ON sessions (surface_id, updated_at, id COLLATE "C");
  `,
    backfill: true,
  },
  // v3: the console's rollup and the audit list (see the SQLite v3). Idempotent.
  {
    sql: `
  ALTER TABLE sessions ADD COLUMN IF NOT EXISTS indexed_at text COLLATE "C";
  CREATE INDEX IF NOT EXISTS sessions_unindexed ON sessions (id) WHERE indexed_at IS DISTINCT FROM updated_at;
  CREATE TABLE IF NOT EXISTS conversation_facts (
    session_id text PRIMARY KEY, message_count integer NOT NULL, has_tools integer NOT NULL, tools text NOT NULL,
    had_error integer NOT NULL, had_denial integer NOT NULL, text text NOT NULL
  );
  CREATE TABLE IF NOT EXISTS tool_calls (
    session_id text NOT NULL, seq integer NOT NULL, surface_id text NOT NULL, tool_name text NOT NULL,
    kind text NOT NULL, at text COLLATE "C" NOT NULL, duration_ms double precision, status text NOT NULL,
    PRIMARY KEY (session_id, seq)
  );
  CREATE INDEX IF NOT EXISTS tool_calls_window ON tool_calls (at, surface_id, tool_name, kind, status, duration_ms);
  CREATE TABLE IF NOT EXISTS audit (
    id bigserial PRIMARY KEY, at text NOT NULL, actor text NOT NULL, action text NOT NULL, target text NOT NULL,
    summary text NOT NULL
  );
  `,
  },
  // v4: the heartbeat of a running run (see the SQLite v4). Idempotent.
  {
    sql: `
  ALTER TABLE runs ADD COLUMN IF NOT EXISTS heartbeat_at text COLLATE "C";
  CREATE INDEX IF NOT EXISTS runs_running ON runs (updated_at) WHERE status = 'running';
  `,
  },
  // v5: the webhook outbox, the shared rate-limit counters (`rate-limiter-flexible`'s table) and
  // what retention sweeps by (see the SQLite v5). Idempotent.
  {
    sql: `
  CREATE TABLE IF NOT EXISTS webhook_outbox (
    id text PRIMARY KEY, url text NOT NULL, secret_env text NOT NULL, body text NOT NULL,
    attempt integer NOT NULL, due_at bigint NOT NULL, lease text, created_at text NOT NULL
  );
  CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox (due_at);
  CREATE TABLE IF NOT EXISTS rate_limits (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint);
  CREATE INDEX IF NOT EXISTS runs_finished ON runs (updated_at) WHERE status IN ('completed', 'failed', 'expired');
  `,
  },
];

/** Rows per batch when a migration fills columns from records. */
export const BACKFILL_BATCH = 500;

/** Refuses a database migrated by a newer server, whose tables this code does not know. */
export function checkSchemaVersion(current: number, known: number): void {
  if (current > known) {
    throw new Error(
      `The store's schema is version ${current}, newer than this server knows (${known}); upgrade the server.`,
    );
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
export function runColumns(
  run: RunRecord,
): [
  id: string,
  status: string,
  version: number,
  pausedAt: string | null,
  updatedAt: string,
  sessionId: string,
  messageCount: number,
  hasTools: number,
  data: string,
] {
  const stats = messageStats(run.history.slice(run.transcriptLength));
  return [
    run.id,
    run.status,
    run.version,
    run.pausedAt ?? null,
    run.updatedAt,
    run.sessionId,
    stats.count,
    stats.hasTools ? 1 : 0,
    JSON.stringify(run),
  ];
}

/** The column values `saveSession` writes; `updatedAt` defaults to `createdAt`. */
export function sessionColumns(
  session: SessionRecord,
): [
  id: string,
  surfaceId: string,
  origin: string,
  createdAt: string,
  updatedAt: string,
  messageCount: number,
  hasTools: number,
  data: string,
] {
  const stats = messageStats(session.transcript);
  const updatedAt = session.updatedAt ?? session.createdAt;
  return [
    session.id,
    session.surfaceId,
    session.origin,
    session.createdAt,
    updatedAt,
    stats.count,
    stats.hasTools ? 1 : 0,
    JSON.stringify(session),
  ];
}

/** A session read back: the JSON body with the store-kept `updatedAt` laid over it. */
export function sessionFromRow(row: { updated_at: string; data: SessionRecord }): SessionRecord {
  return { ...row.data, updatedAt: row.updated_at };
}

/** Runs whose messages are not in their session's transcript: a run adds them when it completes or fails. */
export const OPEN_RUN_STATUSES: readonly RunStatus[] = ['running', 'awaiting', 'expired'];

/**
 * How many entries a conversation shows (user and assistant messages; tool results belong to the
 * assistant turn that asked for them) and whether the model called any tool.
 */
export function messageStats(messages: readonly ModelMessage[]): { count: number; hasTools: boolean } {
  let count = 0;
  let hasTools = false;
  for (const m of messages) {
    if (m.role === 'tool') continue;
    count++;
    if (m.role === 'assistant' && (m.toolCalls?.length ?? 0) > 0) hasTools = true;
  }
  return { count, hasTools };
}

/** A position after every real one in the list order: the first page's `before`. */
export const FIRST_PAGE = { updatedAt: '\uffff', id: '' } as const;

/** Oldest first by `createdAt`, then `id`: the order of `Store.listRuns`. */
export function byCreation(a: RunRecord, b: RunRecord): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * One row per tool with how many times it was offered and its last status, sorted by name: a
 * single upsert may not touch a row twice, and a fixed order keeps concurrent upserts from deadlocking.
 */
export function aggregateSightings(sightings: readonly RecordedDecision[]): Array<RecordedDecision & { n: number }> {
  const byName = new Map<string, RecordedDecision & { n: number }>();
  for (const s of sightings) {
    const old = byName.get(s.toolName);
    byName.set(s.toolName, { toolName: s.toolName, status: s.status, reason: s.reason, n: (old?.n ?? 0) + 1 });
  }
  return [...byName.values()].sort((a, b) => (a.toolName < b.toolName ? -1 : a.toolName > b.toolName ? 1 : 0));
}
