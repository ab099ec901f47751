/**
 * What the server persists, behind one interface so memory, SQLite and PostgreSQL are
 * interchangeable. Records are plain JSON-serialisable objects.
 */
import type { ClientTool, StreamEvent } from '../../bridge/protocol/index.js';
import type { ModelMessage } from '../models/types.js';

export interface SessionRecord {
  id: string;
  surfaceId: string;
  token: string;
  /** The server-observed `Origin` the session was opened from. */
  origin: string;
  createdAt: string;
  expiresAt: string;
  /** The authoritative conversation, across runs. */
  transcript: ModelMessage[];
  /** Full tool arrays sent earlier, by fingerprint (send-once protocol). */
  toolSets: Record<string, ClientTool[]>;
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
  /** This run's model history, starting with the session transcript it was started from. */
  history: ModelMessage[];
  /** Length of `history` that came from the session transcript. */
  transcriptLength: number;
  pending: PendingCall[];
  /** The admitted client tools the run may call. */
  tools: ClientTool[];
  /** Incremented on every save; compare-and-set claims use it. */
  version: number;
  createdAt: string;
  updatedAt: string;
  pausedAt?: string;
}

export interface Store {
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  getSession(id: string): Promise<SessionRecord | undefined>;
  saveSession(session: SessionRecord): Promise<void>;
  getRun(id: string): Promise<RunRecord | undefined>;
  /** Inserts or overwrites a run, bumping nothing: callers set `version`. */
  saveRun(run: RunRecord): Promise<void>;
  /**
   * Atomically moves an `awaiting` run at `version` to `running` at `version + 1`.
   * Returns the claimed run, or `undefined` when another claim won (exactly-once resume).
   */
  claimRun(id: string, version: number): Promise<RunRecord | undefined>;
  appendEvents(executionId: string, events: readonly StreamEvent[]): Promise<void>;
  /** Events of an execution with `seq > after`, in order. */
  listEvents(executionId: string, after: number): Promise<StreamEvent[]>;
  close(): Promise<void>;
}
