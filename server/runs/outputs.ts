/**
 * Tool outputs a resume brings: normalized to a {@link ToolOutcome} and matched onto the run's
 * pending calls.
 */
import { ERROR_CODES } from '../../bridge/protocol/index.js';
import type { ToolOutcome, ToolOutput } from '../../bridge/protocol/index.js';
import { ApiError } from '../http/errors.js';
import type { RunRecord } from '../store/types.js';

/** Normalizes a resume output (MCP, `{result}` or `{error}`) to text and an error flag. */
export function normalizeOutput(output: ToolOutput): ToolOutcome {
  if ('content' in output) {
    return {
      text: output.content.map((c) => (typeof c.text === 'string' ? c.text : JSON.stringify(c))).join('\n'),
      isError: !!output.isError,
    };
  }
  if ('error' in output) return { text: output.error, isError: true };
  return {
    text: typeof output.result === 'string' ? output.result : JSON.stringify(output.result ?? null),
    isError: false,
  };
}

/** Maps resume outputs onto the pending calls: by id, or by tool name when one call is pending. */
export function matchOutputs(
  run: Pick<RunRecord, 'pending' | 'history'>,
  toolOutputs: Record<string, ToolOutput>,
): Map<string, ToolOutcome> {
  const { pending } = run;
  const outputs = new Map<string, ToolOutcome>();
  const ids = new Set(pending.map((p) => p.toolCallId));
  for (const [key, output] of Object.entries(toolOutputs)) {
    if (ids.has(key)) {
      outputs.set(key, normalizeOutput(output));
      continue;
    }
    const only = pending.length === 1 ? pending[0]! : undefined;
    if (only && (key === only.bareName || key === only.canonicalName)) {
      outputs.set(only.toolCallId, normalizeOutput(output));
      continue;
    }
    // A call of an earlier pause of this run that was already answered: a repeated resume, not a new answer.
    if (run.history.some((m) => m.role === 'tool' && m.toolCallId === key)) {
      throw new ApiError(409, ERROR_CODES.executionNotAwaiting, `The output for "${key}" was already submitted.`);
    }
    throw new ApiError(
      400,
      ERROR_CODES.unknownToolCall,
      `toolOutputs has "${key}", which is not a pending tool call of this execution.`,
    );
  }
  for (const p of pending) {
    if (!outputs.has(p.toolCallId))
      outputs.set(p.toolCallId, { text: `No output was submitted for ${p.bareName}.`, isError: true });
  }
  return outputs;
}
