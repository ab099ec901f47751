/**
 * The SQLite store's compiled statements: every query once per connection, and the multi-row
 * writes (a claim, a segment's commit, sightings) as transactions.
 */
import type Database from 'better-sqlite3';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import {
  type aggregateSightings,
  OPEN_RUN_STATUSES,
  runColumns,
  sessionColumns,
  sessionFromRow,
  type RunRow,
} from './schema.js';
import type { RunRecord, SegmentCommit, SessionRecord } from './types.js';

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
export type RawRunRow = Omit<RunRow, 'data'> & { data: string };
interface SummaryRow {
  id: string;
  surface_id: string;
  origin: string;
  created_at: string;
  updated_at: string;
  message_count: number;
  has_tools: number;
}

/** Compiles every statement once, and the multi-row writes as transactions. */
export function prepare(db: Database.Database) {
  const runCols = 'status, version, updated_at, data';
  const toolCols = 'surface_id, origin, tool_name, status, reason, first_seen, last_seen, count';
  const open = OPEN_RUN_STATUSES.map((s) => `'${s}'`).join(', ');
  const claim = `UPDATE runs SET status = 'running', version = version + 1, updated_at = ?
       WHERE id = ? AND status = 'awaiting' AND version = ?`;
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
    // The compare-and-set save of commitSegment: only the run at the expected status (`running`, or
    // `awaiting` for a commit that claims it) and version. A run never changes session: leaving
    // `session_id` out of the SET spares its index an update.
    saveRunIf: db.prepare<[string, number, string | null, string, number, number, string, string, string, number]>(
      `UPDATE runs SET status = ?, version = ?, paused_at = ?, updated_at = ?, message_count = ?,
         has_tools = ?, data = ? WHERE id = ? AND status = ? AND version = ?`,
    ),
    claim: db.prepare<[string, string, number], RawRunRow>(`${claim} RETURNING ${runCols}`),
    claimOnly: db.prepare<[string, string, number]>(claim),
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
    appendEvent: db.prepare<[string, number, number | null, string]>(
      'INSERT INTO events (execution_id, seq, last_seq, data) VALUES (?, ?, ?, ?)',
    ),
    // Rows hold disjoint runs of seqs: only the last row starting at or before a seq can hold it.
    eventRowAt: db.prepare<[string, number], { seq: number; last_seq: number | null }>(
      'SELECT seq, last_seq FROM events WHERE execution_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1',
    ),
    // The rows holding events after `after`: from the one holding `after` + 1 (the last row that
    // starts at or before it — a seek on the primary key, so a follower's poll does not read the
    // run's whole history), skipping it if it ends before.
    listEvents: db.prepare<{ id: string; after: number }, { last_seq: number | null; data: string }>(
      `SELECT last_seq, data FROM events
       WHERE execution_id = :id AND coalesce(last_seq, seq) > :after
         AND seq >= coalesce((SELECT max(seq) FROM events WHERE execution_id = :id AND seq <= :after + 1), 0)
       ORDER BY seq`,
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
      insertEvents(statements, executionId, events);
    }),
    // No transaction of its own: it runs in the write batch's (`sqlite-write-batch.ts`), where a
    // nested one would be a savepoint, copying every page it changes into a sub-journal.
    commitSegment: ({ run, expectVersion, events, session, claim }: SegmentCommit): boolean => {
      if (!db.inTransaction) throw new Error('commitSegment runs inside the write batch’s transaction');
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
        claim ? 'awaiting' : 'running',
        expectVersion,
      );
      if (saved.changes !== 1) return false;
      insertEvents(statements, run.id, events);
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
    },
    recordSightings: db.transaction(
      (surfaceId: string, origin: string, rows: ReturnType<typeof aggregateSightings>, at: string) => {
        for (const r of rows) statements.recordTool.run(surfaceId, origin, r.toolName, r.status, r.reason, at, at, r.n);
      },
    ),
  };
}

/**
 * Events written together go in one row (see the v6 migration): one insert instead of one per event,
 * and one JSON text. A single event keeps the row shape of old.
 */
function insertEvents(
  sql: {
    appendEvent: Database.Statement<[string, number, number | null, string]>;
    eventRowAt: Database.Statement<[string, number], { seq: number; last_seq: number | null }>;
  },
  executionId: string,
  events: readonly StreamEvent[],
): void {
  if (events.length === 0) return;
  const first = events[0]!.seq;
  const last = events.at(-1)!.seq;
  // A seq is stored once per execution, as the primary key kept it when every event had its row.
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.seq <= events[i - 1]!.seq) throw new SeqError(executionId, events[i]!.seq);
  }
  const before = sql.eventRowAt.get(executionId, last);
  if (before && (before.last_seq ?? before.seq) >= first) throw new SeqError(executionId, first);
  const data = events.length === 1 ? JSON.stringify(events[0]) : `[${events.map((e) => JSON.stringify(e)).join(',')}]`;
  sql.appendEvent.run(executionId, first, events.length === 1 ? null : last, data);
}

/** A batch of events repeats or reorders a seq (it is refused whole). */
class SeqError extends Error {
  constructor(executionId: string, seq: number) {
    super(`Event seq ${seq} of ${executionId} is already stored, or out of order.`);
    this.name = 'SeqError';
  }
}

/** The events of the rows {@link prepare}'s `listEvents` read, those after `after` only. */
export function eventsOfRows(rows: readonly { last_seq: number | null; data: string }[], after: number): StreamEvent[] {
  const out: StreamEvent[] = [];
  for (const row of rows) {
    if (row.last_seq === null) {
      out.push(JSON.parse(row.data) as StreamEvent);
      continue;
    }
    for (const event of JSON.parse(row.data) as StreamEvent[]) if (event.seq > after) out.push(event);
  }
  return out;
}
