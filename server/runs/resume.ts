/**
 * The resume rules every entry point shares: the run must belong to the caller's session, be
 * paused, not have waited too long; the outputs must match its pending calls; and the claim (a
 * compare-and-set on the run's status and version, taken with the continuation's first write, see
 * `engine/claim.ts`) decides which of two racing resumes continues it.
 */
import { ERROR_CODES } from '../../bridge/protocol/index.js';
import type { ToolOutcome, ToolOutput } from '../../bridge/protocol/index.js';
import { ApiError } from '../http/errors.js';
import { ClaimLostError } from '../engine/claim.js';
import type { Engine, ResumeParams } from '../engine/engine.js';
import type { EventHub } from '../engine/hub.js';
import type { RunRecord, Store } from '../store/types.js';
import { matchOutputs } from './outputs.js';

/** A paused run this caller may answer, with its outputs matched to the pending calls. */
export interface ResumableRun {
  run: RunRecord;
  outputs: Map<string, ToolOutcome>;
}

/**
 * Loads `executionId` and checks it can be resumed by `sessionId` with `toolOutputs`:
 * 404 `execution_not_found`, 410 `execution_expired`, 409 `execution_not_awaiting`,
 * 400 `unknown_tool_call`.
 */
export async function checkResumable(
  store: Store,
  params: { sessionId: string; executionId: string; toolOutputs: Record<string, ToolOutput>; pausedTtlMs: number },
): Promise<ResumableRun> {
  const run = await store.getRun(params.executionId);
  if (!run || run.sessionId !== params.sessionId)
    throw new ApiError(404, ERROR_CODES.executionNotFound, 'No such execution in this session.');
  if (run.status === 'expired') throw expired();
  if (run.status !== 'awaiting')
    throw new ApiError(
      409,
      ERROR_CODES.executionNotAwaiting,
      `The execution is ${run.status}; it is not waiting for tool outputs.`,
    );
  const cutoff = new Date(Date.now() - params.pausedTtlMs).toISOString();
  if (run.pausedAt && run.pausedAt < cutoff) {
    // The store's compare-and-set expiry, not a save of this stale copy, which could undo a racing claim.
    await store.expirePausedRuns(cutoff);
    throw expired();
  }
  return { run, outputs: matchOutputs(run, params.toolOutputs) };
}

/**
 * Continues the paused run `params.run` (as {@link checkResumable} read it) and resolves with the
 * continuation's hub once the run is claimed; 409 `execution_not_awaiting` when another resume won.
 */
export async function continueRun(engine: Engine, params: ResumeParams): Promise<EventHub> {
  try {
    return await engine.resume(params);
  } catch (error) {
    if (error instanceof ClaimLostError)
      throw new ApiError(409, ERROR_CODES.executionNotAwaiting, 'These tool outputs were already submitted.');
    throw error;
  }
}

function expired(): ApiError {
  return new ApiError(
    410,
    ERROR_CODES.executionExpired,
    'The paused execution waited too long for tool outputs and has expired.',
  );
}
