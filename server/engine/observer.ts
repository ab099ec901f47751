/**
 * What the engine tells the rest of the server about a run while it goes, without waiting for it:
 * the webhooks listen here. Hooks are called synchronously at the moment the thing happened and
 * must return at once (queue the work); whatever a hook throws is logged and never reaches the run.
 */
import type { PendingCall, RunRecord } from '../store/types.js';
import type { Failure } from './failure.js';

/** The group of page tool calls one pause asked for. */
export interface StartedCalls {
  surfaceId: string;
  sessionId: string;
  executionId: string;
  /** `grp_…`, the same in the matching {@link FinishedCalls}. */
  groupId: string;
  /** When the pause was saved. */
  at: string;
  calls: readonly PendingCall[];
}

/** A call of a group with the output the resume brought. */
export interface FinishedCall extends PendingCall {
  text: string;
  isError: boolean;
  /** Pause → resume, in milliseconds. */
  durationMs: number;
}

/** The same group when the resume that answers it has claimed the run. */
export interface FinishedCalls extends Omit<StartedCalls, 'calls'> {
  calls: readonly FinishedCall[];
}

/** How a run ended: completed (with the stop reason) or failed (with the masked failure). */
export interface RunEnd {
  run: RunRecord;
  outcome: 'completed' | 'failed';
  stopReason?: string;
  failure?: Failure;
}

/** One model step: the model's own time (request to end of its stream) and the calls it asked for. */
export interface StepFinished {
  run: RunRecord;
  ms: number;
  toolCalls: number;
}

export interface RunObserver {
  /** A run was saved and its first segment starts. */
  runStarted?(run: RunRecord): void;
  /** A model step's stream ended. */
  stepFinished?(step: StepFinished): void;
  /** The run ended and was saved (or the store failed, then `failure.code` says so). */
  runEnded?(end: RunEnd): void;
  /** A pause was saved (before its `await` frames are written). */
  callsStarted?(group: StartedCalls): void;
  /** The pause was resumed (exactly once per group, by the instance whose claim won). */
  callsFinished?(group: FinishedCalls): void;
}

/** Calls one hook of `observer` so that nothing it does, throwing included, reaches the run. */
export function notify<K extends keyof RunObserver>(
  observer: RunObserver,
  hook: K,
  value: Parameters<NonNullable<RunObserver[K]>>[0],
): void {
  try {
    (observer[hook] as ((value: unknown) => void) | undefined)?.call(observer, value);
  } catch (error) {
    // An observer is a bystander: its failure is logged, the run goes on.
    console.warn('[webmcp-chat] a run observer failed', error);
  }
}
