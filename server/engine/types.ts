/**
 * The engine's shared types, in a module of their own so the engine and its segments import them
 * without importing each other.
 */
import type { ClientTool, StreamEvent, ToolOutcome } from '../../bridge/protocol/index.js';
import type { ModelAdapter } from '../models/types.js';
import type { RunRecord, SessionRecord } from '../store/types.js';
import type { ServerTool } from '../tools/executor.js';

/** Distributes `Omit` over a union, so each event keeps its own fields. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventInput = DistributiveOmit<StreamEvent, 'executionId' | 'seq'>;

import type { HistoryBudget } from './history-budget.js';

export interface AgentRuntime {
  id: string;
  model: ModelAdapter;
  instructions?: string;
  maxSteps: number;
  /** The agent's own tools, run on the server (from `agents.<id>.tools`). */
  serverTools?: readonly ServerTool[];
  /** Masks every configured secret value in text the server stores or logs. */
  mask?: (text: string) => string;
  /** The length of the longest value `mask` replaces: streamed text holds back that much less one. */
  maskLongest?: number;
  /** What of a long conversation the model is sent (`agents.<id>.history`); default `DEFAULT_HISTORY_BUDGET`. */
  history?: HistoryBudget;
}

export interface StartParams {
  session: SessionRecord;
  agent: AgentRuntime;
  userText: string;
  tools: ClientTool[];
  /** Fields of the run record an entry point sets at the start (the API-key path's). */
  record?: Pick<RunRecord, 'maxToolCalls' | 'dispatch'>;
}

export interface ResumeParams {
  run: RunRecord;
  agent: AgentRuntime;
  /** Tool results by `toolCallId`, covering every pending call. */
  outputs: Map<string, ToolOutcome>;
  /** What the page reported each call took, in milliseconds, by call id. */
  durations?: Readonly<Record<string, number>>;
  tools?: ClientTool[];
  /** The run's session as the caller already read it (else it is read when the run references its transcript). */
  session?: SessionRecord;
}
