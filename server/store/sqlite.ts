import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { RecordedDecision } from './types.js';
import {
  aggregateSightings,
  BACKFILL_BATCH,
  byCreation,
  checkSchemaVersion,
  FIRST_PAGE,
  OPEN_RUN_STATUSES,
  runColumns,
  runFromRow,
  sessionColumns,
  sessionFromRow,
  SQLITE_MIGRATIONS,
  type Migration,
  type RunRow,
} from './schema.js';
import {
  BACKSTOP_PAGES,
  DEFAULT_AUTOCHECKPOINT_PAGES,
  startCheckpointer,
  type Checkpointer,
} from './sqlite-checkpointer.js';
import { SqliteInsights } from './sqlite-insights.js';
import { SqliteOutbox } from './sqlite-outbox.js';
import { sqlitePurge } from './sqlite-retention.js';
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

export interface SqliteStoreOptions {
  /**
   * How long a call waits (blocking the event loop) for another process's lock before failing with
   * `SQLITE_BUSY`. Default 5000 ms; the server uses a few ms and retries asynchronously (`busy-retry.ts`).
   */
  busyTimeoutMs?: number;
  /**
   * Who copies the WAL back into the database: `inline` (default), SQLite's automatic checkpoint in
   * the commit that crosses 1,000 pages; `background`, a worker thread (see `sqlite-checkpointer.ts`),
   * so no request waits for it. The server opens its store with `background`.
   */
  checkpoint?: 'inline' | 'background';
}

interface ToolRow {
  surface_id: string;
  origin: string;
  tool_name: string;
  status: 'admitted' | 'rejected';
  reason: string;
  first_seen: string;
  last_seen: string;
  count: number;
}
interface OriginRow {
  surface_id: string;
  origin: string;
  first_seen: string;
  last_seen: string;
  requests: number;
}
type RawRunRow = Omit<RunRow, 'data'> & { data: string };
interface SummaryRow {
  id: string;
  surface_id: string;
  origin: string;
  created_at: string;
  updated_at: string;
  message_count: number;
  has_tools: number;
}

/**
 * The embedded durable store: one SQLite file in WAL mode, so readers never block the writer and
 * several processes may open the same file. The schema is created or migrated when it opens.
 *
 * @example
 * const store = new SqliteStore('./data/webmcp-chat.db'); // or ':memory:'
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly #db: Database.Database;
  readonly #sql: ReturnType<typeof prepare>;
  readonly #insights: SqliteInsights;
  readonly #purge: (cutoffs: RetentionCutoffs) => PurgeCounts;
  readonly outbox: WebhookOutbox;
  /** The background checkpointer, when the store runs one. */
  readonly checkpointer: Checkpointer | undefined;

  /** Opens (creating the file and its folder if needed) and migrates the database at `path`. */
  constructor(path: string, options: SqliteStoreOptions = {}) {
    if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    // The timeout first: switching to WAL already needs a lock another process may hold.
    const busyTimeoutMs = Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000));
    // Opening waits longer: instances starting together on a new file queue for its migration.
    this.#db.pragma(`busy_timeout = ${Math.max(busyTimeoutMs, 5000)}`);
    this.#db.pragma('journal_mode = WAL');
    // WAL makes NORMAL crash-safe for the database; only the last commits before a power loss may go.
    this.#db.pragma('synchronous = NORMAL');
    try {
      migrate(this.#db);
      this.#sql = prepare(this.#db);
      this.#insights = new SqliteInsights(this.#db);
      this.#db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      this.outbox = new SqliteOutbox(this.#db);
      this.#purge = sqlitePurge(this.#db);
    } catch (error) {
      this.#db.close();
      throw error;
    }
    this.checkpointer =
      options.checkpoint === 'background' && !this.#db.memory && path !== ''
        ? this.#startCheckpointer(path)
        : undefined;
  }

  #startCheckpointer(path: string): Checkpointer {
    this.#db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    return startCheckpointer(path, () => {
      // The worker is gone (it could not open the file, or crashed): checkpoint inline again.
      if (this.#db.open) this.#db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    });
  }

  async getSession(id: string) {
    const row = this.#sql.getSession.get(id);
    return row && sessionFromRow({ updated_at: row.updated_at, data: JSON.parse(row.data) as SessionRecord });
  }

  async saveSession(session: SessionRecord) {
    this.#sql.saveSession.run(...sessionColumns(session));
  }

  async updateSession(id: string, change: (session: SessionRecord) => void) {
    // IMMEDIATE takes the write lock before the read, so another process cannot write in between
    // (a deferred read-then-write would fail with SQLITE_BUSY_SNAPSHOT under WAL instead of waiting).
    const update = this.#db.transaction(() => {
      const row = this.#sql.getSession.get(id);
      if (!row) return undefined;
      const session = sessionFromRow({ updated_at: row.updated_at, data: JSON.parse(row.data) as SessionRecord });
      change(session);
      session.id = id;
      this.#sql.saveSession.run(...sessionColumns(session));
      const saved = this.#sql.getSession.get(id)!;
      return sessionFromRow({ updated_at: saved.updated_at, data: JSON.parse(saved.data) as SessionRecord });
    });
    return update.immediate();
  }

  async listSessions(query: ListSessionsQuery): Promise<SessionSummary[]> {
    const before = query.before ?? FIRST_PAGE;
    const limit = Math.max(0, Math.trunc(query.limit));
    const rows =
      query.surfaceId === undefined
        ? this.#sql.listSessions.all(before.updatedAt, before.id, limit)
        : this.#sql.listSessionsOf.all(query.surfaceId, before.updatedAt, before.id, limit);
    return rows.map((r) => ({
      id: r.id,
      surfaceId: r.surface_id,
      origin: r.origin,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      messageCount: r.message_count,
      hasTools: r.has_tools !== 0,
    }));
  }

  async getRun(id: string) {
    const row = this.#sql.getRun.get(id);
    return row && fromRaw(row);
  }

  async saveRun(run: RunRecord) {
    this.#sql.saveRun(run);
  }

  async claimRun(id: string, version: number) {
    // One conditional UPDATE: SQLite serialises writers, so of racing claims exactly one matches. The
    // session is not touched here: the segment's commit raises its `updatedAt` moments later.
    const row = this.#sql.claim.get(new Date().toISOString(), id, version);
    return row && fromRaw(row);
  }

  async listRuns(query: { sessionId: string; status?: readonly RunStatus[] }) {
    const rows = query.status
      ? this.#sql.listRunsIn.all(query.sessionId, JSON.stringify(query.status))
      : this.#sql.listRuns.all(query.sessionId);
    return rows.map(fromRaw).sort(byCreation);
  }

  async appendEvents(executionId: string, events: readonly StreamEvent[]) {
    this.#sql.appendEvents(executionId, events);
  }

  async commitSegment(commit: SegmentCommit) {
    // IMMEDIATE: the session is read and written under the write lock (see updateSession).
    return this.#sql.commitSegment.immediate(commit);
  }

  async listEvents(executionId: string, after: number) {
    return this.#sql.listEvents.all(executionId, after).map((row) => JSON.parse(row.data) as StreamEvent);
  }

  async expirePausedRuns(pausedBefore: string) {
    return this.#sql.expireRuns.run(new Date().toISOString(), pausedBefore).changes;
  }

  async heartbeatRun(id: string, version: number, at: string) {
    return this.#sql.heartbeat.run(at, id, version).changes === 1;
  }

  async listStaleRuns(staleBefore: string, limit: number) {
    return this.#sql.listStale.all(staleBefore, Math.max(0, Math.trunc(limit))).map(fromRaw);
  }

  async takeOverRun(id: string, version: number, staleBefore: string, at: string) {
    // One conditional UPDATE, like a claim: of racing takers exactly one matches.
    const row = this.#sql.takeOver.get(at, id, version, staleBefore);
    return row && fromRaw(row);
  }

  async recordToolSightings(surfaceId: string, origin: string, sightings: readonly RecordedDecision[], at: string) {
    this.#sql.recordSightings(surfaceId, origin, aggregateSightings(sightings), at);
  }

  async listToolSightings(surfaceId?: string): Promise<ToolSighting[]> {
    const rows = surfaceId === undefined ? this.#sql.listTools.all() : this.#sql.listToolsOf.all(surfaceId);
    return rows.map((r) => ({
      surfaceId: r.surface_id,
      origin: r.origin,
      toolName: r.tool_name,
      status: r.status,
      reason: r.reason,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      count: r.count,
    }));
  }

  async recordOrigin(surfaceId: string, origin: string, at: string, requests = 1) {
    this.#sql.recordOrigin.run(surfaceId, origin, at, at, requests);
  }

  async listOrigins(surfaceId?: string): Promise<OriginSighting[]> {
    const rows = surfaceId === undefined ? this.#sql.listOrigins.all() : this.#sql.listOriginsOf.all(surfaceId);
    return rows.map((r) => ({
      surfaceId: r.surface_id,
      origin: r.origin,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      requests: r.requests,
    }));
  }

  async getSetting(key: string) {
    const row = this.#sql.getSetting.get(key);
    return row && (JSON.parse(row.value) as unknown);
  }

  async setSetting(key: string, value: unknown) {
    if (value === undefined) this.#sql.deleteSetting.run(key);
    else this.#sql.setSetting.run(key, JSON.stringify(value));
  }

  async listSettings(prefix: string) {
    return this.#sql.listSettings
      .all(prefix, prefix)
      .map((row) => ({ key: row.key, value: JSON.parse(row.value) as unknown }));
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

  async purge(cutoffs: RetentionCutoffs) {
    return this.#purge(cutoffs);
  }

  /** Closes the file; later calls reject. Closing twice is harmless. */
  async close() {
    // The worker's connection first: the last one to close checkpoints and removes the WAL.
    await this.checkpointer?.close();
    if (this.#db.open) this.#db.close();
  }
}

function fromRaw(row: RawRunRow): RunRecord {
  return runFromRow({ ...row, data: JSON.parse(row.data) as RunRecord });
}

/** Applies the migrations the file has not seen yet, inside one write transaction. */
function migrate(db: Database.Database): void {
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

/** Compiles every statement once, and the multi-row writes as transactions. */
function prepare(db: Database.Database) {
  const runCols = 'status, version, updated_at, data';
  const toolCols = 'surface_id, origin, tool_name, status, reason, first_seen, last_seen, count';
  const open = OPEN_RUN_STATUSES.map((s) => `'${s}'`).join(', ');
  // Counts add the messages of runs not yet in the transcript; sessions that never had a message are left out.
  const listSessions = (where: string) => `
    SELECT s.id, s.surface_id, s.origin, s.created_at, s.updated_at,
      s.message_count + (SELECT coalesce(sum(r.message_count), 0) FROM runs r WHERE r.session_id = s.id AND r.status IN (${open})) AS message_count,
      max(s.has_tools, (SELECT coalesce(max(r.has_tools), 0) FROM runs r WHERE r.session_id = s.id AND r.status IN (${open}))) AS has_tools
    FROM sessions s
    WHERE ${where} (s.updated_at, s.id) < (?, ?)
      AND (s.message_count > 0 OR EXISTS (SELECT 1 FROM runs r WHERE r.session_id = s.id))
    ORDER BY s.updated_at DESC, s.id DESC LIMIT ?`;
  const statements = {
    getSession: db.prepare<[string], { updated_at: string; data: string }>(
      'SELECT updated_at, data FROM sessions WHERE id = ?',
    ),
    saveSession: db.prepare<ReturnType<typeof sessionColumns>>(
      `INSERT INTO sessions (id, surface_id, origin, created_at, updated_at, message_count, has_tools, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET surface_id = excluded.surface_id, origin = excluded.origin, created_at = excluded.created_at,
         updated_at = max(sessions.updated_at, excluded.updated_at), message_count = excluded.message_count,
         has_tools = excluded.has_tools, data = excluded.data`,
    ),
    listSessions: db.prepare<[string, string, number], SummaryRow>(listSessions('')),
    listSessionsOf: db.prepare<[string, string, string, number], SummaryRow>(listSessions('s.surface_id = ? AND')),
    touchSession: db.prepare<[string, string, string]>(
      'UPDATE sessions SET updated_at = ? WHERE id = ? AND updated_at < ?',
    ),
    getRun: db.prepare<[string], RawRunRow>(`SELECT ${runCols} FROM runs WHERE id = ?`),
    upsertRun: db.prepare<ReturnType<typeof runColumns>>(
      `INSERT INTO runs (id, status, version, paused_at, updated_at, session_id, message_count, has_tools, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, version = excluded.version,
         paused_at = excluded.paused_at, updated_at = excluded.updated_at, session_id = excluded.session_id,
         message_count = excluded.message_count, has_tools = excluded.has_tools, data = excluded.data`,
    ),
    // The compare-and-set save of commitSegment: only the `running` run at the expected version.
    // A run never changes session: leaving `session_id` out of the SET spares its index an update.
    saveRunIf: db.prepare<[string, number, string | null, string, number, number, string, string, number]>(
      `UPDATE runs SET status = ?, version = ?, paused_at = ?, updated_at = ?, message_count = ?,
         has_tools = ?, data = ? WHERE id = ? AND status = 'running' AND version = ?`,
    ),
    claim: db.prepare<[string, string, number], RawRunRow>(
      `UPDATE runs SET status = 'running', version = version + 1, updated_at = ?
       WHERE id = ? AND status = 'awaiting' AND version = ? RETURNING ${runCols}`,
    ),
    listRuns: db.prepare<[string], RawRunRow>(`SELECT ${runCols} FROM runs WHERE session_id = ?`),
    listRunsIn: db.prepare<[string, string], RawRunRow>(
      `SELECT ${runCols} FROM runs WHERE session_id = ? AND status IN (SELECT value FROM json_each(?))`,
    ),
    expireRuns: db.prepare<[string, string]>(
      `UPDATE runs SET status = 'expired', version = version + 1, updated_at = ? WHERE status = 'awaiting' AND paused_at < ?`,
    ),
    heartbeat: db.prepare<[string, string, number]>(
      `UPDATE runs SET heartbeat_at = ? WHERE id = ? AND status = 'running' AND version = ?`,
    ),
    listStale: db.prepare<[string, number], RawRunRow>(
      `SELECT ${runCols} FROM runs WHERE status = 'running' AND max(coalesce(heartbeat_at, ''), updated_at) < ?
       ORDER BY max(coalesce(heartbeat_at, ''), updated_at) LIMIT ?`,
    ),
    takeOver: db.prepare<[string, string, number, string], RawRunRow>(
      `UPDATE runs SET version = version + 1, heartbeat_at = ?
       WHERE id = ? AND status = 'running' AND version = ? AND max(coalesce(heartbeat_at, ''), updated_at) < ?
       RETURNING ${runCols}`,
    ),
    appendEvent: db.prepare<[string, number, string]>('INSERT INTO events (execution_id, seq, data) VALUES (?, ?, ?)'),
    listEvents: db.prepare<[string, number], { data: string }>(
      'SELECT data FROM events WHERE execution_id = ? AND seq > ? ORDER BY seq',
    ),
    recordTool: db.prepare<[string, string, string, string, string, string, string, number]>(
      `INSERT INTO tool_sightings (surface_id, origin, tool_name, status, reason, first_seen, last_seen, count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (surface_id, origin, tool_name) DO UPDATE SET status = excluded.status, reason = excluded.reason,
         last_seen = excluded.last_seen, count = tool_sightings.count + excluded.count`,
    ),
    listTools: db.prepare<[], ToolRow>(`SELECT ${toolCols} FROM tool_sightings ORDER BY surface_id, origin, tool_name`),
    listToolsOf: db.prepare<[string], ToolRow>(
      `SELECT ${toolCols} FROM tool_sightings WHERE surface_id = ? ORDER BY origin, tool_name`,
    ),
    recordOrigin: db.prepare<[string, string, string, string, number]>(
      `INSERT INTO origins (surface_id, origin, first_seen, last_seen, requests) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (surface_id, origin) DO UPDATE SET last_seen = max(origins.last_seen, excluded.last_seen),
         requests = origins.requests + excluded.requests`,
    ),
    listOrigins: db.prepare<[], OriginRow>('SELECT * FROM origins ORDER BY surface_id, origin'),
    listOriginsOf: db.prepare<[string], OriginRow>('SELECT * FROM origins WHERE surface_id = ? ORDER BY origin'),
    getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    deleteSetting: db.prepare<[string]>('DELETE FROM settings WHERE key = ?'),
    listSettings: db.prepare<[string, string], { key: string; value: string }>(
      'SELECT key, value FROM settings WHERE substr(key, 1, length(?)) = ? ORDER BY key',
    ),
  };
  return {
    ...statements,
    saveRun: db.transaction((run: RunRecord) => {
      statements.upsertRun.run(...runColumns(run));
      statements.touchSession.run(run.updatedAt, run.sessionId, run.updatedAt);
    }),
    appendEvents: db.transaction((executionId: string, events: readonly StreamEvent[]) => {
      for (const e of events) statements.appendEvent.run(executionId, e.seq, JSON.stringify(e));
    }),
    commitSegment: db.transaction(({ run, expectVersion, events, session }: SegmentCommit): boolean => {
      const [id, status, version, pausedAt, updatedAt, , messageCount, hasTools, data] = runColumns(run);
      const saved = statements.saveRunIf.run(
        status,
        version,
        pausedAt,
        updatedAt,
        messageCount,
        hasTools,
        data,
        id,
        expectVersion,
      );
      if (saved.changes !== 1) return false;
      for (const e of events) statements.appendEvent.run(run.id, e.seq, JSON.stringify(e));
      const row = session && statements.getSession.get(run.sessionId);
      if (session && row) {
        // The session is written anyway: its `updatedAt` is raised in the same write, not by a touch before it.
        const record = sessionFromRow({ updated_at: row.updated_at, data: JSON.parse(row.data) as SessionRecord });
        session(record);
        record.id = run.sessionId;
        if (!record.updatedAt || record.updatedAt < run.updatedAt) record.updatedAt = run.updatedAt;
        statements.saveSession.run(...sessionColumns(record));
      } else {
        statements.touchSession.run(run.updatedAt, run.sessionId, run.updatedAt);
      }
      return true;
    }),
    recordSightings: db.transaction(
      (surfaceId: string, origin: string, rows: ReturnType<typeof aggregateSightings>, at: string) => {
        for (const r of rows) statements.recordTool.run(surfaceId, origin, r.toolName, r.status, r.reason, at, at, r.n);
      },
    ),
  };
}
