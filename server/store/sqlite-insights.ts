/**
 * The SQLite side of the console's queries: the rollup of conversation facts and tool calls (see
 * `insights.ts`), brought up to date with the sessions changed since the last query, and the audit
 * list. Lives beside `SqliteStore`, which owns the connection and delegates to it.
 */
import type Database from 'better-sqlite3';
import {
  activityFromRows,
  activitySql,
  conversationFacts,
  searchConditions,
  toolsColumn,
  type ActivityRow,
} from './insights.js';
import { FIRST_PAGE, OPEN_RUN_STATUSES, runFromRow, sessionFromRow } from './schema.js';
import type {
  AuditEntry,
  ConversationQuery,
  RunRecord,
  SessionRecord,
  SessionSummary,
  ToolActivity,
  ToolActivityQuery,
} from './types.js';

/** Sessions re-derived per transaction while catching up. */
const REFRESH_BATCH = 500;

interface SummaryRow {
  id: string;
  surface_id: string;
  origin: string;
  created_at: string;
  updated_at: string;
  message_count: number;
  has_tools: number;
}

export class SqliteInsights {
  readonly #db: Database.Database;
  readonly #sql;

  constructor(db: Database.Database) {
    this.#db = db;
    const open = OPEN_RUN_STATUSES.map((s) => `'${s}'`).join(', ');
    this.#sql = {
      stale: db.prepare<[number], { id: string; updated_at: string; data: string }>(
        'SELECT id, updated_at, data FROM sessions WHERE indexed_at IS NOT updated_at LIMIT ?',
      ),
      openRuns: db.prepare<[string], { status: string; version: number; updated_at: string; data: string }>(
        `SELECT status, version, updated_at, data FROM runs WHERE session_id = ? AND status IN (${open})`,
      ),
      dropCalls: db.prepare<[string]>('DELETE FROM tool_calls WHERE session_id = ?'),
      addCall: db.prepare<[string, number, string, string, string, string, number | null, string]>(
        `INSERT INTO tool_calls (session_id, seq, surface_id, tool_name, kind, at, duration_ms, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      setFacts: db.prepare<[string, number, number, string, number, number, string]>(
        `INSERT INTO conversation_facts (session_id, message_count, has_tools, tools, had_error, had_denial, text)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (session_id) DO UPDATE SET message_count = excluded.message_count, has_tools = excluded.has_tools,
           tools = excluded.tools, had_error = excluded.had_error, had_denial = excluded.had_denial, text = excluded.text`,
      ),
      markIndexed: db.prepare<[string, string]>('UPDATE sessions SET indexed_at = ? WHERE id = ?'),
      addAudit: db.prepare<[string, string, string, string, string], { id: number }>(
        'INSERT INTO audit (at, actor, action, target, summary) VALUES (?, ?, ?, ?, ?) RETURNING id',
      ),
      listAudit: db.prepare<[number, number], { id: number } & Omit<AuditEntry, 'id'>>(
        'SELECT id, at, actor, action, target, summary FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?',
      ),
    };
  }

  /** Re-derives every session changed since it was last derived; returns how many. */
  refresh(): number {
    let total = 0;
    const batch = this.#db.transaction(() => {
      const rows = this.#sql.stale.all(REFRESH_BATCH);
      for (const row of rows) {
        const session = sessionFromRow({ updated_at: row.updated_at, data: JSON.parse(row.data) as SessionRecord });
        const runs = this.#sql.openRuns
          .all(session.id)
          .map((r) => runFromRow({ ...r, data: JSON.parse(r.data) as RunRecord }));
        const facts = conversationFacts(session, runs);
        this.#sql.dropCalls.run(session.id);
        facts.calls.forEach((c, i) =>
          this.#sql.addCall.run(session.id, i, session.surfaceId, c.toolName, c.kind, c.at, c.durationMs, c.status),
        );
        this.#sql.setFacts.run(
          session.id,
          facts.messageCount,
          facts.hasTools ? 1 : 0,
          toolsColumn(facts.tools),
          facts.hadError ? 1 : 0,
          facts.hadDenial ? 1 : 0,
          facts.text,
        );
        this.#sql.markIndexed.run(row.updated_at, row.id);
      }
      return rows.length;
    });
    for (let n = batch(); n > 0; n = batch()) total += n;
    return total;
  }

  search(query: ConversationQuery): SessionSummary[] {
    this.refresh();
    const before = query.before ?? FIRST_PAGE;
    const [where, values] = searchConditions(query, 'instr');
    const rows = this.#db
      .prepare<unknown[], SummaryRow>(
        `SELECT s.id, s.surface_id, s.origin, s.created_at, s.updated_at, f.message_count, f.has_tools
         FROM sessions s JOIN conversation_facts f ON f.session_id = s.id
         WHERE (s.updated_at, s.id) < (?, ?) AND ${where}
         ORDER BY s.updated_at DESC, s.id DESC LIMIT ?`,
      )
      .all(before.updatedAt, before.id, ...values, Math.max(0, Math.trunc(query.limit)));
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

  activity(query: ToolActivityQuery): ToolActivity[] {
    this.refresh();
    const values = [query.from, query.to, ...(query.surfaceId === undefined ? [] : [query.surfaceId])];
    const rows = this.#db.prepare<unknown[], ActivityRow>(activitySql(query.surfaceId !== undefined)).all(...values);
    return activityFromRows(rows);
  }

  appendAudit(entry: Omit<AuditEntry, 'id'>): AuditEntry {
    const { id } = this.#sql.addAudit.get(entry.at, entry.actor, entry.action, entry.target, entry.summary)!;
    return { id: String(id), ...entry };
  }

  listAudit(query: { limit: number; before?: string }): AuditEntry[] {
    const before = query.before === undefined ? Number.MAX_SAFE_INTEGER : Number(query.before);
    return this.#sql.listAudit.all(before, Math.max(0, Math.trunc(query.limit))).map((r) => ({
      id: String(r.id),
      at: r.at,
      actor: r.actor,
      action: r.action,
      target: r.target,
      summary: r.summary,
    }));
  }
}
