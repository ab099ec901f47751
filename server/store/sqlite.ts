import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { RecordedDecision } from './types.js';
import { aggregateSightings, byCreation, FIRST_PAGE, runFromRow, sessionColumns, sessionFromRow } from './schema.js';
import {
  BACKSTOP_PAGES,
  DEFAULT_AUTOCHECKPOINT_PAGES,
  startCheckpointer,
  type Checkpointer,
} from './sqlite-checkpointer.js';
import { SqliteInsights } from './sqlite-insights.js';
import { migrate } from './sqlite-migrate.js';
import { eventsOfRows, prepare, type RawRunRow } from './sqlite-statements.js';
import { SqliteOutbox } from './sqlite-outbox.js';
import { WriteBatch } from './sqlite-write-batch.js';
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
  /** The connection's page cache in MB (default SQLite's 2 MB; the server opens its store with 64). */
  cacheMb?: number;
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
  /** The claims and segment commits of one turn of the event loop, committed together. */
  readonly #writes: WriteBatch;
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
    // Savepoints and statement journals stay in memory, not in a temporary file each batch.
    this.#db.pragma('temp_store = MEMORY');
    // A resume touches pages all over the file (runs, events and sessions by random id): with
    // SQLite's 2 MB default, a file of a few thousand chats already reads most of them back from the
    // OS on every commit.
    if (options.cacheMb !== undefined) this.#db.pragma(`cache_size = ${-Math.trunc(options.cacheMb * 1024)}`);
    try {
      migrate(this.#db);
      this.#sql = prepare(this.#db);
      this.#insights = new SqliteInsights(this.#db);
      this.#db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      this.outbox = new SqliteOutbox(this.#db);
      this.#purge = sqlitePurge(this.#db);
      this.#writes = new WriteBatch(this.#db);
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

  async claimRun(id: string, version: number, read?: RunRecord) {
    // One conditional UPDATE: SQLite serialises writers, so of racing claims exactly one matches. The
    // session is not touched here: the segment's commit raises its `updatedAt` moments later.
    const at = new Date().toISOString();
    if (read) {
      // The row at `version` is the run the caller read (every change to a run raises its version):
      // no need to return the record and parse it again.
      const claimed = await this.#writes.run(() => this.#sql.claimOnly.run(at, id, version).changes === 1);
      return claimed ? { ...read, status: 'running' as const, version: version + 1, updatedAt: at } : undefined;
    }
    const row = await this.#writes.run(() => this.#sql.claim.get(at, id, version));
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
    // Under the batch's write lock (IMMEDIATE): the session is read and written with nothing in between.
    return this.#writes.run(() => this.#sql.commitSegment(commit));
  }

  async listEvents(executionId: string, after: number) {
    return eventsOfRows(this.#sql.listEvents.all({ id: executionId, after }), after);
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
    // Writes queued for the next batch first: their callers are told once they are committed.
    if (this.#db.open) this.#writes.flush();
    // Then the worker's connection: the last one to close checkpoints and removes the WAL.
    await this.checkpointer?.close();
    if (this.#db.open) this.#db.close();
  }
}

function fromRaw(row: RawRunRow): RunRecord {
  return runFromRow({ ...row, data: JSON.parse(row.data) as RunRecord });
}
