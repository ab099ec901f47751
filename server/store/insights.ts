/**
 * What the console's searches and charts read from a conversation, derived from its records in
 * one place for every store: the text of its messages, the tools it called, whether a call failed
 * or was declined, and one row per finished tool call (name, where it ran, when, how long, outcome).
 * The durable stores keep these as a rollup; the memory store derives them on each query.
 */
import type { ModelMessage } from '../models/types.js';
import { messageStats } from './schema.js';
import type {
  ConversationQuery,
  RunRecord,
  SessionRecord,
  SessionSummary,
  ToolActivity,
  ToolActivityQuery,
  ToolCallRecord,
} from './types.js';

/**
 * How the bridge words a declined call (the shopper said no, or the page vetoed it): such an error
 * result counts as a denial, not a failure.
 */
export const DENIAL_PATTERN = /^The (user|page) declined to run /;

/** One finished tool call. */
export interface CallFact {
  toolName: string;
  kind: 'page' | 'server';
  /** When its result came back (else when it was asked for). */
  at: string;
  durationMs: number | null;
  status: 'ok' | 'error' | 'denied';
}

/** What searches and charts need from one conversation. */
export interface ConversationFacts {
  messageCount: number;
  hasTools: boolean;
  /** Bare names of the tools called, each once, sorted. */
  tools: string[];
  hadError: boolean;
  hadDenial: boolean;
  /** User and assistant text, lower-cased, one message a line (NUL removed: PostgreSQL text refuses it). */
  text: string;
  calls: CallFact[];
}

/** The facts of a session and its unfinished runs (whose messages are not in the transcript yet). */
export function conversationFacts(session: SessionRecord, openRuns: readonly RunRecord[]): ConversationFacts {
  const timed: Array<{ message: ModelMessage; at: string | null }> = session.transcript.map((message, i) => ({
    message,
    at: session.messageTimes?.[i] ?? null,
  }));
  const records: Record<string, ToolCallRecord> = { ...session.calls };
  for (const run of openRuns) {
    Object.assign(records, run.calls);
    run.history
      .slice(run.transcriptLength)
      .forEach((message, i) => timed.push({ message, at: run.messageTimes?.[i] ?? null }));
  }
  const fallback = session.updatedAt ?? session.createdAt;
  const asked = new Map<string, { name: string; at: string }>();
  const lines: string[] = [];
  const calls: CallFact[] = [];
  const tools = new Set<string>();
  for (const { message, at } of timed) {
    if (message.role === 'user') lines.push(message.content);
    else if (message.role === 'assistant') {
      if (message.content) lines.push(message.content);
      for (const call of message.toolCalls ?? []) {
        const name = records[call.id]?.name ?? bare(call.name);
        tools.add(name);
        asked.set(call.id, { name, at: at ?? fallback });
      }
    } else {
      const record = records[message.toolCallId];
      const call = asked.get(message.toolCallId);
      const name = call?.name ?? record?.name ?? bare(message.name);
      tools.add(name);
      calls.push({
        toolName: name,
        kind: record?.origin ?? (record?.groupId ? 'page' : record ? 'server' : 'page'),
        at: at ?? call?.at ?? fallback,
        durationMs: typeof record?.durationMs === 'number' ? record.durationMs : null,
        status: !message.isError ? 'ok' : DENIAL_PATTERN.test(message.content) ? 'denied' : 'error',
      });
    }
  }
  const stats = [session.transcript, ...openRuns.map((r) => r.history.slice(r.transcriptLength))].map(messageStats);
  return {
    messageCount: stats.reduce((n, x) => n + x.count, 0),
    hasTools: stats.some((x) => x.hasTools),
    tools: [...tools].sort(),
    hadError: calls.some((c) => c.status === 'error'),
    hadDenial: calls.some((c) => c.status === 'denied'),
    text: lines.join('\n').toLowerCase().replaceAll('\u0000', ''),
    calls,
  };
}

/** The search's words: lower-cased, split on white space, at most 8 (more narrow nothing in practice). */
export function searchWords(text: string | undefined): string[] {
  return (text ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
}

/** The `tools` column: names between spaces, so a whole name is found with `' name '`. */
export function toolsColumn(tools: readonly string[]): string {
  return ` ${tools.join(' ')} `;
}

/** True when a conversation with these facts passes the query's filters (paging aside). */
export function matchesFacts(summary: SessionSummary, facts: ConversationFacts, query: ConversationQuery): boolean {
  if (facts.messageCount === 0) return false;
  if (query.surfaceId !== undefined && summary.surfaceId !== query.surfaceId) return false;
  if (query.origin !== undefined && summary.origin !== query.origin) return false;
  if (query.tool !== undefined && !facts.tools.includes(query.tool)) return false;
  if (query.hadError && !facts.hadError) return false;
  if (query.hadDenial && !facts.hadDenial) return false;
  if (query.from !== undefined && summary.updatedAt < query.from) return false;
  if (query.to !== undefined && summary.createdAt > query.to) return false;
  return searchWords(query.text).every((w) => facts.text.includes(w));
}

/** Per tool and kind over the calls of the window: the memory store's answer, and the SQL's meaning. */
export function activityOf(
  calls: Iterable<CallFact & { surfaceId: string }>,
  query: ToolActivityQuery,
): ToolActivity[] {
  const groups = new Map<string, CallFact[]>();
  for (const c of calls) {
    if (c.at < query.from || c.at >= query.to) continue;
    if (query.surfaceId !== undefined && c.surfaceId !== query.surfaceId) continue;
    const key = `${c.toolName}\u0000${c.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()]
    .map((group) => {
      const durations = group.flatMap((c) => (c.durationMs === null ? [] : [c.durationMs])).sort((a, b) => a - b);
      return {
        toolName: group[0]!.toolName,
        kind: group[0]!.kind,
        calls: group.length,
        errors: group.filter((c) => c.status === 'error').length,
        denials: group.filter((c) => c.status === 'denied').length,
        p50Ms: nearestRank(durations, 50),
        p95Ms: nearestRank(durations, 95),
      };
    })
    .sort(byToolThenKind);
}

/** The nearest-rank percentile: the value at 1-based rank ⌈p·n/100⌉ (the SQL computes `(n·p + 99) / 100`). */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.floor((sorted.length * p + 99) / 100) - 1]!;
}

export function byToolThenKind(a: ToolActivity, b: ToolActivity): number {
  return a.toolName < b.toolName ? -1 : a.toolName > b.toolName ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0;
}

/** The SQL stores' activity query, one text for both dialects (`?` placeholders are renumbered for PostgreSQL). */
export function activitySql(withSurface: boolean): string {
  const where = `at >= ? AND at < ?${withSurface ? ' AND surface_id = ?' : ''}`;
  return `WITH c AS (SELECT tool_name, kind, status, duration_ms FROM tool_calls WHERE ${where}),
    agg AS (
      SELECT tool_name, kind, count(*) AS calls,
        sum(CASE WHEN status = 'error' THEN 1 ELSE 0 END) AS errors,
        sum(CASE WHEN status = 'denied' THEN 1 ELSE 0 END) AS denials
      FROM c GROUP BY tool_name, kind),
    ranked AS (
      SELECT tool_name, kind, duration_ms,
        row_number() OVER (PARTITION BY tool_name, kind ORDER BY duration_ms) AS rn,
        count(*) OVER (PARTITION BY tool_name, kind) AS n
      FROM c WHERE duration_ms IS NOT NULL),
    pct AS (
      SELECT tool_name, kind,
        max(CASE WHEN rn = (n * 50 + 99) / 100 THEN duration_ms END) AS p50,
        max(CASE WHEN rn = (n * 95 + 99) / 100 THEN duration_ms END) AS p95
      FROM ranked GROUP BY tool_name, kind)
    SELECT agg.tool_name, agg.kind, agg.calls, agg.errors, agg.denials, pct.p50, pct.p95
    FROM agg LEFT JOIN pct ON pct.tool_name = agg.tool_name AND pct.kind = agg.kind`;
}

/** A row of {@link activitySql}, as either driver returns it (PostgreSQL sends bigints as strings). */
export interface ActivityRow {
  tool_name: string;
  kind: string;
  calls: number | string;
  errors: number | string;
  denials: number | string;
  p50: number | string | null;
  p95: number | string | null;
}

export function activityFromRows(rows: readonly ActivityRow[]): ToolActivity[] {
  return rows
    .map((r) => ({
      toolName: r.tool_name,
      kind: r.kind === 'server' ? ('server' as const) : ('page' as const),
      calls: Number(r.calls),
      errors: Number(r.errors),
      denials: Number(r.denials),
      p50Ms: r.p50 === null ? null : Number(r.p50),
      p95Ms: r.p95 === null ? null : Number(r.p95),
    }))
    .sort(byToolThenKind);
}

/**
 * The SQL stores' search: the `WHERE` conditions (after the paging condition) and their values in
 * order, with `?` placeholders. Words are matched with `instr` (SQLite) / `strpos` (PostgreSQL).
 */
export function searchConditions(query: ConversationQuery, find: 'instr' | 'strpos'): [string, unknown[]] {
  const where: string[] = ['f.message_count > 0'];
  const values: unknown[] = [];
  const add = (condition: string, ...v: unknown[]) => (where.push(condition), values.push(...v));
  if (query.surfaceId !== undefined) add('s.surface_id = ?', query.surfaceId);
  if (query.origin !== undefined) add('s.origin = ?', query.origin);
  if (query.tool !== undefined) add(`${find}(f.tools, ?) > 0`, ` ${query.tool} `);
  if (query.hadError) where.push('f.had_error = 1');
  if (query.hadDenial) where.push('f.had_denial = 1');
  if (query.from !== undefined) add('s.updated_at >= ?', query.from);
  if (query.to !== undefined) add('s.created_at <= ?', query.to);
  for (const word of searchWords(query.text)) add(`${find}(f.text, ?) > 0`, word);
  return [where.join(' AND '), values];
}

function bare(providerName: string): string {
  return providerName.startsWith('webmcp__') ? providerName.slice('webmcp__'.length) : providerName;
}
