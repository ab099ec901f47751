/**
 * What the server persists, behind one interface so memory, SQLite and PostgreSQL are
 * interchangeable. Records are plain JSON-serializable objects.
 */
import type { ClientTool, StreamEvent } from '../../bridge/protocol/index.js';
import type { ModelMessage } from '../models/types.js';
import type { ToolDecision } from '../../bridge/policy/index.js';
import type { WebhookOutbox } from './outbox.js';
import type { PurgeCounts, RetentionCutoffs } from './retention.js';

/**
 * A tool decision as recorded in the sightings: the server policy's, or one the widget reported for
 * a page tool it left out, whose reason may also be a limit code.
 */
export type RecordedDecision = Omit<ToolDecision, 'reason'> & { reason: string };

export interface SessionRecord {
  id: string;
  surfaceId: string;
  token: string;
  /** The server-observed `Origin` the session was opened from. */
  origin: string;
  createdAt: string;
  /**
   * Last activity. Kept by the store, which never moves it back: a save raises it to the given
   * value (or `createdAt`), and so does every save or commit of one of the session's runs. Records
   * read from a store always have it.
   */
  updatedAt?: string;
  expiresAt: string;
  /** The authoritative conversation, across runs. */
  transcript: ModelMessage[];
  /** When each `transcript` message was added (same index; `null` or missing where unknown). */
  messageTimes?: Array<string | null>;
  /** What the transcript's tool calls were, by call id (see {@link ToolCallRecord}). */
  calls?: Record<string, ToolCallRecord>;
  /** Full tool arrays sent earlier, by fingerprint (send-once protocol). */
  toolSets: Record<string, ClientTool[]>;
}

/** What is known about one tool call beyond the message history (for transcripts and webhooks). */
export interface ToolCallRecord {
  /** The bare tool name; for a tool the model made up, the name it used. */
  name: string;
  /** The pause that asked the page to run it (`grp_…`); absent for a call the server answered itself. */
  groupId?: string;
  /**
   * How long the call took, in milliseconds: measured on the server for server tools; for page
   * tools what the page reported, else from the pause to the resume that brought its output.
   */
  durationMs?: number;
  /** Where it ran: in the page (`page`, the default when a pause asked for it) or on the server (`server`). */
  origin?: 'page' | 'server';
  /** Which executor ran it: `webmcp` (the page) or a server one (`http`, `webhook`, `code`, `agent`); absent on older records. */
  kind?: 'webmcp' | 'http' | 'webhook' | 'code' | 'agent' | 'rpc' | 'client_event';
}

/** A result the server already has for a call of the step a run is paused in (server calls, unknown tools). */
export interface StepResult {
  text: string;
  isError: boolean;
  /** The name the model used. */
  providerName: string;
}

export type RunStatus = 'running' | 'awaiting' | 'completed' | 'failed' | 'expired';

export interface PendingCall {
  toolCallId: string;
  /** `webmcp:<name>`. */
  canonicalName: string;
  bareName: string;
  /** The name the model used. */
  providerName: string;
  parameters: Record<string, unknown>;
}

export interface RunRecord {
  id: string;
  sessionId: string;
  surfaceId: string;
  agentId: string;
  status: RunStatus;
  /** Model steps taken so far. */
  iteration: number;
  /** Last `seq` written. */
  seq: number;
  /**
   * This run's model history: its own messages, after the first {@link transcriptRef} messages of
   * its session's transcript (runs stored before that field existed copied the transcript here,
   * as the first {@link transcriptLength} messages).
   */
  history: ModelMessage[];
  /** Length of `history` that came from the session transcript (0 when {@link transcriptRef} is set). */
  transcriptLength: number;
  /**
   * How many messages of the session's transcript (which only grows at its end) the run continues:
   * the model sees those, then `history`. Referenced rather than copied, so a run's record does not
   * grow with its session.
   */
  transcriptRef?: number;
  pending: PendingCall[];
  /** When each message of `history` from `transcriptLength` on was added (same order). */
  messageTimes?: Array<string | null>;
  /** This run's tool calls, by call id. */
  calls?: Record<string, ToolCallRecord>;
  /**
   * While paused: the results of the paused step's calls the server answered itself, by call id,
   * added to the history beside the page's outputs (in the order the model asked) on resume.
   */
  stepResults?: Record<string, StepResult>;
  /** The admitted client tools the run may call. */
  tools: ClientTool[];
  /** Incremented on every save; compare-and-set claims use it. */
  version: number;
  createdAt: string;
  updatedAt: string;
  pausedAt?: string;
  /** Why a failed run failed, for the operator: its code and the error's detail with secrets masked. */
  failure?: { code: string; detail: string };
  /** Most tool calls the run may make (`maxToolCalls` on the API-key path); beyond it calls get an error result. */
  maxToolCalls?: number;
  /**
   * The segment that last committed the run (`seg_…`): two resumes racing for one pause each commit
   * the same next version, so a segment whose commit was refused tells its own landed write (only
   * the reply lost) from the other's by this.
   */
  segmentId?: string;
  /**
   * A run started on the API-key path: the key's id (only keys that may use the agent resume it) and
   * the request's runtime tool definitions (templates only; secret values are never stored).
   */
  dispatch?: { apiKeyId: string; runtimeTools: Array<Record<string, unknown>> };
}

/** A page tool the server saw offered from an origin, and whether the surface's policy admitted it. */
export interface ToolSighting {
  surfaceId: string;
  origin: string;
  /** Bare tool name. */
  toolName: string;
  status: ToolDecision['status'];
  /** The policy's reason, e.g. `rule_matched`, `tool_not_listed`, `origin_not_listed`. */
  reason: string;
  firstSeen: string;
  lastSeen: string;
  /** How many requests offered it. */
  count: number;
}

/** A browser origin that used a surface's client token. */
export interface OriginSighting {
  surfaceId: string;
  origin: string;
  firstSeen: string;
  lastSeen: string;
  requests: number;
}

/** A conversation in a list: a session with at least one message. */
export interface SessionSummary {
  id: string;
  surfaceId: string;
  origin: string;
  createdAt: string;
  updatedAt: string;
  /** User and assistant messages (tool results are part of the assistant turn), runs in progress included. */
  messageCount: number;
  /** True when the model called at least one tool. */
  hasTools: boolean;
}

/** A page of {@link Store.listSessions}: newest `updatedAt` first, ties by `id` descending. */
export interface ListSessionsQuery {
  surfaceId?: string;
  limit: number;
  /** Only sessions strictly after this position in that order (the last one of the previous page). */
  before?: { updatedAt: string; id: string };
}

/** One change made through the admin API: who, what, when. */
export interface AuditEntry {
  /** Increasing; newer entries have larger ids. */
  id: string;
  at: string;
  /** The admin key's label, or `admin`. */
  actor: string;
  /** What was done, e.g. `surface.update`, `surface.delete`, `rule.allow`. */
  action: string;
  /** What it was done to, e.g. `surface:storefront`. */
  target: string;
  /** A short description of the change (never a secret). */
  summary: string;
}

/** Conversations that match every given filter, in the order and paging of {@link ListSessionsQuery}. */
export interface ConversationQuery extends ListSessionsQuery {
  origin?: string;
  /** Some call of this tool (bare name). */
  tool?: string;
  /** Some tool call failed (a denial is not counted as a failure). */
  hadError?: boolean;
  /** The shopper or the page declined some tool call. */
  hadDenial?: boolean;
  /** Activity on or after this time (`updatedAt >= from`). */
  from?: string;
  /** Started on or before this time (`createdAt <= to`). */
  to?: string;
  /** Every word appears in the user or assistant messages (case-insensitive). */
  text?: string;
}

/** Tool calls finished in `[from, to)`, optionally of one surface. */
export interface ToolActivityQuery {
  from: string;
  to: string;
  surfaceId?: string;
}

/** How one tool did over a window, for one place it runs. */
export interface ToolActivity {
  toolName: string;
  kind: 'page' | 'server';
  calls: number;
  /** Calls that failed (denials not included). */
  errors: number;
  /** Calls the shopper or the page declined. */
  denials: number;
  /** Nearest-rank percentiles of the calls with a known duration; `null` when none has one. */
  p50Ms: number | null;
  p95Ms: number | null;
}

/** What {@link Store.commitSegment} writes in one transaction. */
export interface SegmentCommit {
  /** The run as it is now; its `version` is the new one (`expectVersion + 1`). */
  run: RunRecord;
  /** The version the stored `running` run must still have. */
  expectVersion: number;
  /**
   * The commit also claims the run for a resume (see `engine/claim.ts`): the stored run must still be
   * `awaiting` (not `running`) at `expectVersion`. Of racing claims exactly one matches.
   */
  claim?: boolean;
  /** Events of the run not stored yet, in `seq` order (the last batch and the `await` or final frames). */
  events: readonly StreamEvent[];
  /** Changes the run's session in the same transaction (synchronously, on a copy of the stored record). */
  session?: (session: SessionRecord) => void;
}

export interface Store {
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  getSession(id: string): Promise<SessionRecord | undefined>;
  saveSession(session: SessionRecord): Promise<void>;
  /**
   * Changes a stored session atomically: `change` gets a copy of the current record and edits it in
   * place (it must be synchronous), and no other write of that session lands between the read and the
   * write, on any instance sharing the store. Appends and tool-set saves use this instead of a
   * get-then-save, which loses whatever a concurrent writer stored in between. `updatedAt` still only
   * moves forward. Returns the stored record, or `undefined` (changing nothing) when there is none.
   */
  updateSession(id: string, change: (session: SessionRecord) => void): Promise<SessionRecord | undefined>;
  /**
   * Sessions with at least one message (in the transcript or in a run), newest activity first.
   * Messages of runs not yet in the transcript (running, awaiting, expired) are counted.
   */
  listSessions(query: ListSessionsQuery): Promise<SessionSummary[]>;
  getRun(id: string): Promise<RunRecord | undefined>;
  /**
   * Inserts or overwrites a run, bumping nothing: callers set `version`. Raises its session's
   * `updatedAt` to the run's.
   */
  saveRun(run: RunRecord): Promise<void>;
  /**
   * Atomically moves an `awaiting` run at `version` to `running` at `version + 1`, writing nothing
   * else (the session's `updatedAt` is raised by the segment's commit). Returns the claimed run, or
   * `undefined` when another claim won (exactly-once resume). `read` is the run as the caller read it
   * at `version`, handed over: a store may return it claimed rather than read the row back.
   */
  claimRun(id: string, version: number, read?: RunRecord): Promise<RunRecord | undefined>;
  /** The runs of a session (only those in `status`, when given), oldest first (`createdAt`, then `id`). */
  listRuns(query: { sessionId: string; status?: readonly RunStatus[] }): Promise<RunRecord[]>;
  appendEvents(executionId: string, events: readonly StreamEvent[]): Promise<void>;
  /**
   * Stores the end of a segment of a run — its pause or its end — as one transaction: appends
   * `events`, saves `run` (raising its session's `updatedAt`) and, when `session` is given, changes
   * the run's session with it as {@link updateSession} does. A compare-and-set: writes nothing and
   * resolves false unless the stored run is `running` at `expectVersion` (another instance took it
   * over, or this commit already landed and only its reply was lost).
   */
  commitSegment(commit: SegmentCommit): Promise<boolean>;
  /** Events of an execution with `seq > after`, in order. */
  listEvents(executionId: string, after: number): Promise<StreamEvent[]>;
  /**
   * Marks every `awaiting` run paused before `pausedBefore` as `expired` (bumping its version, so a
   * racing claim fails); returns how many it expired.
   */
  expirePausedRuns(pausedBefore: string): Promise<number>;
  /**
   * The heartbeat of a run a segment is working on: records `at` as the last sign of life of the run
   * if it is still `running` at `version`, touching nothing else (not `updatedAt`, not `version`).
   * False when it is not: another instance took it over, or it left `running`.
   */
  heartbeatRun(id: string, version: number, at: string): Promise<boolean>;
  /**
   * `running` runs whose last sign of life — the later of their heartbeat and their last save or
   * claim (`updatedAt`) — is before `staleBefore`, oldest first, at most `limit`.
   */
  listStaleRuns(staleBefore: string, limit: number): Promise<RunRecord[]>;
  /**
   * Atomically takes over a stale run (compare-and-set): a run still `running` at `version` whose last
   * sign of life is before `staleBefore` moves to `version + 1` with its heartbeat at `at`, staying
   * `running` for the new owner to end. Returns it, or `undefined` when another taker won, the run
   * beat in the meantime, or it left `running` (exactly-once takeover across instances).
   */
  takeOverRun(id: string, version: number, staleBefore: string, at: string): Promise<RunRecord | undefined>;
  /** Upserts what the policy said about each tool offered from `origin` (status and reason are the latest). */
  recordToolSightings(
    surfaceId: string,
    origin: string,
    sightings: readonly RecordedDecision[],
    at: string,
  ): Promise<void>;
  listToolSightings(surfaceId?: string): Promise<ToolSighting[]>;
  /** Upserts an origin's use of a surface (one more request). */
  /** Counts `requests` (default 1) more requests of `origin` on the surface, the last at `at`. */
  recordOrigin(surfaceId: string, origin: string, at: string, requests?: number): Promise<void>;
  listOrigins(surfaceId?: string): Promise<OriginSighting[]>;
  /** Settings edited through the admin API (e.g. `surface:<id>`), shared by every instance on the store. */
  getSetting(key: string): Promise<unknown | undefined>;
  /** Saves a setting; `undefined` deletes it. */
  setSetting(key: string, value: unknown): Promise<void>;
  listSettings(prefix: string): Promise<Array<{ key: string; value: unknown }>>;
  /**
   * Like {@link listSessions}, narrowed by filters and full-text search. The durable stores answer
   * from a rollup (per-conversation facts and one row per tool call) that they bring up to date
   * with the sessions changed since, before answering.
   */
  searchSessions(query: ConversationQuery): Promise<SessionSummary[]>;
  /** Per tool and kind: calls, errors, denials and duration percentiles over the window, sorted by name then kind. */
  toolActivity(query: ToolActivityQuery): Promise<ToolActivity[]>;
  /** Records an admin change; returns it with its id. */
  appendAudit(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry>;
  /** Admin changes, newest first; `before` is the id of the last one of the previous page. */
  listAudit(query: { limit: number; before?: string }): Promise<AuditEntry[]>;
  /** Webhook messages waiting for an attempt, shared by every instance on the store. */
  readonly outbox: WebhookOutbox;
  /** Deletes and compacts what retention says is expired (see {@link RetentionCutoffs}). */
  purge(cutoffs: RetentionCutoffs): Promise<PurgeCounts>;
  close(): Promise<void>;
}
