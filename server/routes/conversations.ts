/**
 * Transcripts for operators, behind the admin key (see `http/admin-auth.ts`):
 *
 * - `GET /v1/conversations?surface=&limit=&cursor=` — conversations (sessions with at least one
 *   message), most recent activity first, `limit` (1–100, default 20) at a time; `nextCursor` asks
 *   for the next page and is `null` on the last. Narrowed by `origin=`, `tool=` (a call of it),
 *   `error=1` (a call failed), `denied=1` (a call was declined), `from=`/`to=` (ISO times: activity
 *   on or after `from`, started on or before `to`) and `q=` (every word in the messages' text).
 * - `GET /v1/conversations/export?…` — the same filters, every matching conversation as JSON Lines
 *   (`{conversation, transcript}` a line, newest first, at most {@link EXPORT_MAX}).
 *   `GET`s other than the export answer with an `ETag` and `304` to a matching `If-None-Match`.
 * - `GET /v1/conversations/:id` — one conversation in full: user and assistant entries, each
 *   assistant entry with the tool calls it made and their results (paired by call id, each with its
 *   own duration and time), runs still going or waiting for the page included, and the `tools` the
 *   session's runs were offered (the agent's server tools, then the page's).
 */
import { Hono, type Context } from 'hono';
import { etag } from 'hono/etag';
import { LIMITS } from '../../bridge/protocol/index.js';
import { ID_PATTERN } from '../config/schema.js';
import { ApiError } from '../http/errors.js';
import type { ModelMessage, ModelToolCall } from '../models/types.js';
import { OPEN_RUN_STATUSES } from '../store/schema.js';
import type {
  ConversationQuery,
  RunRecord,
  SessionRecord,
  SessionSummary,
  Store,
  ToolCallRecord,
} from '../store/index.js';
import type { ServerTool, ServerToolKind } from '../tools/index.js';
import { readTime } from './admin-insights.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';

/** What the conversation routes need from the app. */
export interface ConversationRoutesDeps {
  store: Pick<Store, 'getSession' | 'listSessions' | 'listRuns' | 'searchSessions'>;
  /** The server tools of an agent (from the config); none when omitted or unknown. */
  serverTools?: (agentId: string) => ReadonlyArray<Pick<ServerTool, 'kind' | 'name' | 'description'>>;
  /** Masks configured secret values in what the export streams; none masked when omitted. */
  mask?: (text: string) => string;
}

/** A tool the session's runs were offered. */
export interface OfferedTool {
  name: string;
  description: string;
  /** The executor: `webmcp` (the page's) or a server kind. */
  type: 'webmcp' | ServerToolKind;
  /** Where its calls run. */
  origin: 'page' | 'server';
}

export interface TranscriptToolCall {
  id: string;
  /** The bare tool name. */
  name: string;
  arguments: Record<string, unknown>;
}

export interface TranscriptToolResult {
  /** The id of the call it answers. */
  id: string;
  name: string;
  /**
   * The output, or `null` when the call failed: a JSON object or array as that value (parsed),
   * anything else as its text.
   */
  result: unknown;
  /** The error text, or `null` when the call succeeded. */
  error: string | null;
  /**
   * This call's own time: measured on the server for server calls; for page calls what the page
   * reported (`toolDurations`), else pause → resume. `null` when unknown (older records).
   */
  durationMs: number | null;
  /** Where the call ran: in the page or on the server. */
  origin: 'page' | 'server';
  /** When the result was stored (ISO time), or `null` when unknown. */
  timestamp: string | null;
}

export type TranscriptEntry =
  | { role: 'user'; content: string; createdAt?: string; timestamp?: string }
  | {
      role: 'assistant';
      /** `null` for a turn that only called tools. */
      content: string | null;
      /** When the entry was added; `timestamp` is the same time (both kept for older readers). */
      createdAt?: string;
      timestamp?: string;
      toolCalls: TranscriptToolCall[];
      /** Results of `toolCalls` that have come back, in the order they came; a call without one is still pending. */
      toolResults: TranscriptToolResult[];
    };

/** A run whose messages are not in the session's transcript yet (or, expired, never will be). */
export interface UnfinishedRun {
  executionId: string;
  status: RunRecord['status'];
  createdAt: string;
  updatedAt: string;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** The `/v1/conversations` routes (mount behind `adminAuth`). */
export function conversationRoutes(deps: ConversationRoutesDeps): Hono {
  const app = new Hono();

  // Before the ETag middleware: it would buffer the whole stream to hash it.
  app.get('/export', (c) => {
    const filters = readFilters(c);
    const encoder = new TextEncoder();
    let before: ConversationQuery['before'];
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const page = await deps.store.searchSessions({ ...filters, limit: 100, ...(before ? { before } : {}) });
        const lines: string[] = [];
        for (const summary of page) {
          if (sent >= EXPORT_MAX) break;
          const detail = await loadConversation(summary.id);
          // Masked like the JSON answers (`maskJsonResponses`), which cannot see into a stream.
          if (detail)
            lines.push(
              (deps.mask ?? String)(
                JSON.stringify({ conversation: detail.conversation, transcript: detail.transcript }),
              ),
            );
          sent++;
        }
        if (lines.length > 0) controller.enqueue(encoder.encode(lines.join('\n') + '\n'));
        const last = page.at(-1);
        if (page.length < 100 || sent >= EXPORT_MAX || !last) controller.close();
        else before = { updatedAt: last.updatedAt, id: last.id };
      },
    });
    return new Response(body, {
      headers: {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': 'attachment; filename="conversations.jsonl"',
        'cache-control': 'no-store',
      },
    });
  });

  app.use('*', etag());

  app.get('/', async (c) => {
    const limit = readLimit(c.req.query('limit'));
    const before = readCursor(c.req.query('cursor'));
    const filters = readFilters(c);
    // One more than asked tells whether another page follows.
    const query = { ...filters, limit: limit + 1, ...(before ? { before } : {}) };
    const narrowed = Object.keys(filters).some((k) => k !== 'surfaceId');
    const rows = narrowed ? await deps.store.searchSessions(query) : await deps.store.listSessions(query);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json({ conversations: page, nextCursor: rows.length > limit && last ? cursorOf(last) : null });
  });

  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    const found = id.length <= 200 ? await loadConversation(id) : undefined;
    if (!found) throw new ApiError(404, ERROR_CODES.conversationNotFound, `No conversation "${id}".`);
    return c.json(found);
  });

  async function loadConversation(id: string) {
    const session = await deps.store.getSession(id);
    if (!session) return undefined;
    const allRuns = await deps.store.listRuns({ sessionId: session.id });
    const runs = allRuns.filter((r) => OPEN_RUN_STATUSES.includes(r.status));
    const transcript = buildTranscript(session, runs);
    const conversation: SessionSummary = {
      id: session.id,
      surfaceId: session.surfaceId,
      origin: session.origin,
      createdAt: session.createdAt,
      updatedAt: session.updatedAt ?? session.createdAt,
      // The same counts the list shows: one per entry, tools when any entry called one.
      messageCount: transcript.length,
      hasTools: transcript.some((e) => e.role === 'assistant' && e.toolCalls.length > 0),
    };
    const unfinishedRuns: UnfinishedRun[] = runs.map((r) => ({
      executionId: r.id,
      status: r.status,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }));
    return { conversation, transcript, unfinishedRuns, tools: offeredTools(allRuns, deps.serverTools) };
  }

  return app;
}

/** Most conversations one export holds (newest first). */
export const EXPORT_MAX = 10_000;

/** The list filters of the query string, checked. */
function readFilters(c: Context): Omit<ConversationQuery, 'limit' | 'before'> {
  const filters: Omit<ConversationQuery, 'limit' | 'before'> = {};
  const surfaceId = readSurface(c.req.query('surface'));
  if (surfaceId) filters.surfaceId = surfaceId;
  const origin = c.req.query('origin');
  if (origin) {
    if (origin.length > 512) throw new ApiError(400, 'invalid_origin', 'origin: at most 512 characters.');
    filters.origin = origin;
  }
  const tool = c.req.query('tool');
  if (tool) {
    if (!LIMITS.toolNamePattern.test(tool))
      throw new ApiError(400, 'invalid_tool_name', 'tool: 1–128 of A–Z, a–z, 0–9, "_", "." and "-".');
    filters.tool = tool;
  }
  if (readFlag(c, 'error')) filters.hadError = true;
  if (readFlag(c, 'denied')) filters.hadDenial = true;
  const from = readTime(c, 'from');
  if (from) filters.from = from;
  const to = readTime(c, 'to');
  if (to) filters.to = to;
  const q = c.req.query('q')?.trim();
  if (q) {
    if (q.length > 256) throw new ApiError(400, 'invalid_search', 'q: at most 256 characters.');
    filters.text = q;
  }
  return filters;
}

function readFlag(c: Context, name: string): boolean {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new ApiError(400, 'invalid_filter', `${name}: 1 or 0.`);
}

interface Timed {
  message: ModelMessage;
  at: string | null;
}

/**
 * The session's transcript with the messages of its unfinished runs placed where they happened
 * (before the first later user message), folded into user and assistant entries.
 */
export function buildTranscript(session: SessionRecord, runs: readonly RunRecord[]): TranscriptEntry[] {
  const timed: Timed[] = session.transcript.map((message, i) => ({ message, at: session.messageTimes?.[i] ?? null }));
  const calls: Record<string, ToolCallRecord> = { ...session.calls };
  for (const run of runs) {
    Object.assign(calls, run.calls);
    const added = run.history
      .slice(run.transcriptLength)
      .map((message, i) => ({ message, at: run.messageTimes?.[i] ?? (i === 0 ? run.createdAt : null) }));
    const at = run.createdAt;
    const position = timed.findIndex((t) => t.message.role === 'user' && t.at !== null && t.at > at);
    timed.splice(position < 0 ? timed.length : position, 0, ...added);
  }
  const entries: TranscriptEntry[] = [];
  const owners = new Map<string, Extract<TranscriptEntry, { role: 'assistant' }>>();
  let lastAssistant: Extract<TranscriptEntry, { role: 'assistant' }> | undefined;
  for (const { message, at } of timed) {
    const createdAt = at === null ? {} : { createdAt: at, timestamp: at };
    if (message.role === 'user') {
      entries.push({ role: 'user', content: message.content, ...createdAt });
    } else if (message.role === 'assistant') {
      const entry: Extract<TranscriptEntry, { role: 'assistant' }> = {
        role: 'assistant',
        content: message.content,
        ...createdAt,
        toolCalls: (message.toolCalls ?? []).map((call) => ({
          id: call.id,
          name: nameOf(call, calls),
          arguments: call.arguments,
        })),
        toolResults: [],
      };
      for (const call of entry.toolCalls) owners.set(call.id, entry);
      entries.push(entry);
      lastAssistant = entry;
    } else {
      const owner = owners.get(message.toolCallId) ?? lastAssistant;
      const name =
        owner?.toolCalls.find((t) => t.id === message.toolCallId)?.name ??
        calls[message.toolCallId]?.name ??
        bare(message.name);
      owner?.toolResults.push({
        id: message.toolCallId,
        name,
        result: message.isError ? null : structured(message.content),
        error: message.isError ? message.content : null,
        durationMs: calls[message.toolCallId]?.durationMs ?? null,
        origin: originOf(calls[message.toolCallId]),
        timestamp: at,
      });
    }
  }
  return entries;
}

/**
 * The tools the runs were offered: the agents' server tools (config order), then each page tool
 * once (as the latest run that had it described it). Server tools are those of the agent's current
 * config; page tools are what each run admitted.
 */
export function offeredTools(
  runs: readonly RunRecord[],
  serverTools: ConversationRoutesDeps['serverTools'],
): OfferedTool[] {
  const byRecency = [...runs].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const server = new Map<string, OfferedTool>();
  for (const agentId of new Set(byRecency.map((r) => r.agentId)).values()) {
    for (const tool of serverTools?.(agentId) ?? []) {
      if (!server.has(tool.name))
        server.set(tool.name, { name: tool.name, description: tool.description, type: tool.kind, origin: 'server' });
    }
  }
  const page = new Map<string, OfferedTool>();
  for (const run of byRecency) {
    for (const tool of run.tools) {
      if (!page.has(tool.name) && !server.has(tool.name))
        page.set(tool.name, { name: tool.name, description: tool.description, type: 'webmcp', origin: 'page' });
    }
  }
  const byName = (a: OfferedTool, b: OfferedTool) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return [...server.values(), ...[...page.values()].sort(byName)];
}

/** A JSON object or array output as its value; any other output as the text it is. */
function structured(text: string): unknown {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The bare name kept for the call, else the provider name without its `webmcp__` prefix (older records). */
function nameOf(call: ModelToolCall, calls: Readonly<Record<string, ToolCallRecord>>): string {
  return calls[call.id]?.name ?? bare(call.name);
}

/** Where a call ran: as recorded, else by its executor, else in the page when a pause asked for it, else on the server. */
function originOf(record: ToolCallRecord | undefined): 'page' | 'server' {
  if (record?.origin) return record.origin;
  if (record?.kind) return record.kind === 'webmcp' ? 'page' : 'server';
  return record && !record.groupId ? 'server' : 'page';
}

function bare(providerName: string): string {
  return providerName.startsWith('webmcp__') ? providerName.slice('webmcp__'.length) : providerName;
}

function readLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_LIMIT)
    throw new ApiError(400, ERROR_CODES.invalidLimit, `limit: a whole number from 1 to ${MAX_LIMIT}.`);
  return n;
}

function readSurface(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!ID_PATTERN.test(raw))
    throw new ApiError(400, ERROR_CODES.invalidSurfaceId, 'surface: 1–64 of A–Z, a–z, 0–9, "_" and "-".');
  return raw;
}

/** A cursor is the list position of a page's last conversation, opaque to clients. */
function cursorOf(summary: SessionSummary): string {
  return Buffer.from(JSON.stringify([summary.updatedAt, summary.id])).toString('base64url');
}

function readCursor(raw: string | undefined): { updatedAt: string; id: string } | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string')
      return { updatedAt: value[0], id: value[1] };
  } catch {
    // Not ours: answered below like any other malformed cursor.
  }
  throw new ApiError(400, ERROR_CODES.invalidCursor, 'cursor: pass back a nextCursor exactly as received.');
}
