/**
 * Per-run rules of the API-key path that the step loop applies: `maxToolCalls` (calls beyond it get
 * an error result, and once it is spent the model is given no tools, so it must answer), and the
 * origin a client tool's frames carry (`webmcp` for a page tool, `sdk` for the caller's own).
 */
import type { ModelToolCall } from '../models/types.js';
import type { RunRecord } from '../store/types.js';

/** The stop reason of a run that spent its `maxToolCalls`. */
export const MAX_TOOL_CALLS = 'max_tool_calls';

/** Calls the run may still make (`Infinity` without a limit). */
export function callsLeft(run: Pick<RunRecord, 'maxToolCalls' | 'calls'>): number {
  if (run.maxToolCalls === undefined) return Infinity;
  return Math.max(0, run.maxToolCalls - Object.keys(run.calls ?? {}).length);
}

/** Splits a step's calls into those within the budget and those over it, in the order asked. */
export function withinBudget(
  run: Pick<RunRecord, 'maxToolCalls' | 'calls'>,
  calls: readonly ModelToolCall[],
): { allowed: ModelToolCall[]; refused: ModelToolCall[] } {
  const left = callsLeft(run);
  return { allowed: calls.slice(0, left), refused: calls.slice(left) };
}

/** The error result a call over the budget gets. */
export function overBudgetText(run: Pick<RunRecord, 'maxToolCalls'>): string {
  return `This run may make at most ${run.maxToolCalls} tool calls (maxToolCalls); answer with what you have.`;
}

/** The origin a client tool's `await`/`tool_complete` frames carry. */
export function clientOrigin(run: Pick<RunRecord, 'tools'>, bareName: string): 'webmcp' | 'sdk' {
  return run.tools.find((t) => t.name === bareName)?.origin ?? 'webmcp';
}
