/**
 * The PostgreSQL side of the console's queries: the rollup of conversation facts and tool calls
 * (see `insights.ts`), brought up to date in batches with the sessions changed since, and the
 * audit list. Lives beside `PostgresStore`, which owns the pool and delegates to it.
 */
import type pg from 'pg';
import {
  activityFromRows,
  activitySql,
  conversationFacts,
  searchConditions,
  toolsColumn,
  type ActivityRow,
} from './insights.js';
import { FIRST_PAGE, OPEN_RUN_STATUSES, runFromRow, sessionFromRow, type RunRow } from './schema.js';
import type {
  AuditEntry,
  ConversationQuery,
  SessionRecord,
  SessionSummary,
  ToolActivity,
  ToolActivityQuery,
} from './types.js';

/** Sessions re-derived per transaction while catching up. */
const REFRESH_BATCH = 200;

type Query = <R extends pg.QueryResultRow>(text: string, values: unknown[]) => Promise<pg.QueryResult<R>>;

/** `?` placeholders → `$1, $2, …`. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export class PostgresInsights {
  constructor(
    private readonly pool: pg.Pool,
    private readonly query: Query,
  ) {}

  /** Re-derives every session changed since it was last derived; returns how many. */
  async refresh(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.#batch();
      total += n;
      if (n < REFRESH_BATCH) return total;
    }
  }

  async #batch(): Promise<number> {
    const { rows } = await this.query<{ id: string; updated_at: string; data: SessionRecord }>(
      'SELECT id, updated_at, data FROM sessions WHERE indexed_at IS DISTINCT FROM updated_at ORDER BY id LIMIT $1',
      [REFRESH_BATCH],
    );
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    const runs = await this.query<RunRow & { session_id: string }>(
      `SELECT status, version, updated_at, data, session_id FROM runs WHERE session_id = ANY($1::text[]) AND status = ANY($2::text[])`,
      [ids, OPEN_RUN_STATUSES],
    );
    const calls: unknown[][] = [[], [], [], [], [], [], [], []];
    const facts: unknown[][] = [[], [], [], [], [], [], []];
    for (const row of rows) {
      const session = sessionFromRow(row);
      const open = runs.rows.filter((r) => r.session_id === row.id).map(runFromRow);
      const f = conversationFacts(session, open);
      f.calls.forEach((c, i) =>
        [row.id, i, session.surfaceId, c.toolName, c.kind, c.at, c.durationMs, c.status].forEach((v, k) =>
          calls[k]!.push(v),
        ),
      );
      [
        row.id,
        f.messageCount,
        f.hasTools ? 1 : 0,
        toolsColumn(f.tools),
        f.hadError ? 1 : 0,
        f.hadDenial ? 1 : 0,
        f.text,
      ].forEach((v, k) => facts[k]!.push(v));
    }
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM tool_calls WHERE session_id = ANY($1::text[])', [ids]);
      // Upserts, not inserts: another instance may be catching up on the same sessions right now.
      await client.query(
        `INSERT INTO tool_calls (session_id, seq, surface_id, tool_name, kind, at, duration_ms, status)
         SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::text[], $7::double precision[], $8::text[])
         ON CONFLICT (session_id, seq) DO UPDATE SET surface_id = excluded.surface_id, tool_name = excluded.tool_name,
           kind = excluded.kind, at = excluded.at, duration_ms = excluded.duration_ms, status = excluded.status`,
        calls,
      );
      await client.query(
        `INSERT INTO conversation_facts (session_id, message_count, has_tools, tools, had_error, had_denial, text)
         SELECT * FROM unnest($1::text[], $2::integer[], $3::integer[], $4::text[], $5::integer[], $6::integer[], $7::text[])
         ON CONFLICT (session_id) DO UPDATE SET message_count = excluded.message_count, has_tools = excluded.has_tools,
           tools = excluded.tools, had_error = excluded.had_error, had_denial = excluded.had_denial, text = excluded.text`,
        facts,
      );
      await client.query(
        `UPDATE sessions s SET indexed_at = v.u FROM unnest($1::text[], $2::text[]) AS v(id, u) WHERE s.id = v.id`,
        [ids, rows.map((r) => r.updated_at)],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    return rows.length;
  }

  async search(query: ConversationQuery): Promise<SessionSummary[]> {
    await this.refresh();
    const before = query.before ?? FIRST_PAGE;
    const [where, values] = searchConditions(query, 'strpos');
    const { rows } = await this.query<
      Omit<SessionSummary, 'messageCount' | 'hasTools'> & { messageCount: number | string; hasTools: number }
    >(
      numbered(
        `SELECT s.id, s.surface_id AS "surfaceId", s.origin, s.created_at AS "createdAt", s.updated_at AS "updatedAt",
           f.message_count AS "messageCount", f.has_tools AS "hasTools"
         FROM sessions s JOIN conversation_facts f ON f.session_id = s.id
         WHERE (s.updated_at < ? OR (s.updated_at = ? AND s.id COLLATE "C" < ?)) AND ${where}
         ORDER BY s.updated_at DESC, s.id COLLATE "C" DESC LIMIT ?`,
      ),
      [before.updatedAt, before.updatedAt, before.id, ...values, Math.max(0, Math.trunc(query.limit))],
    );
    return rows.map((r) => ({ ...r, messageCount: Number(r.messageCount), hasTools: Number(r.hasTools) !== 0 }));
  }

  async activity(query: ToolActivityQuery): Promise<ToolActivity[]> {
    await this.refresh();
    const values = [query.from, query.to, ...(query.surfaceId === undefined ? [] : [query.surfaceId])];
    const { rows } = await this.query<ActivityRow>(numbered(activitySql(query.surfaceId !== undefined)), values);
    return activityFromRows(rows);
  }

  async appendAudit(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    const { rows } = await this.query<{ id: string }>(
      'INSERT INTO audit (at, actor, action, target, summary) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [entry.at, entry.actor, entry.action, entry.target, entry.summary],
    );
    return { id: String(rows[0]!.id), ...entry };
  }

  async listAudit(query: { limit: number; before?: string }): Promise<AuditEntry[]> {
    const { rows } = await this.query<AuditEntry>(
      `SELECT id::text AS id, at, actor, action, target, summary FROM audit
       WHERE $1::bigint IS NULL OR id < $1::bigint ORDER BY id DESC LIMIT $2`,
      [query.before ?? null, Math.max(0, Math.trunc(query.limit))],
    );
    return rows;
  }
}
