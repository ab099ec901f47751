/**
 * Bookkeeping a run keeps beside its model history, for transcripts and webhooks: when each
 * message was added, and what each tool call was (bare name, pause group, pause → resume time).
 */
import type { ToolOutcome } from '../../bridge/protocol/index.js';
import type { ModelMessage, ModelToolCall } from '../models/types.js';
import type { RunRecord, SessionRecord } from '../store/types.js';

/** Appends `message` to the run's history and the time it was added to `messageTimes`. */
export function addMessage(run: RunRecord, message: ModelMessage, at = new Date().toISOString()): void {
  const times = aligned(run.messageTimes, run.history.length - run.transcriptLength);
  run.history.push(message);
  times.push(at);
  run.messageTimes = times;
}

/**
 * Adds one tool message per call of a step, in the order the model asked, from `results` (by call
 * id); calls with no result there, or already answered in the history, are skipped.
 */
export function addStepResults(
  run: RunRecord,
  calls: readonly ModelToolCall[],
  results: ReadonlyMap<string, ToolOutcome & { providerName: string }>,
  at = new Date().toISOString(),
): void {
  const done = new Set(run.history.flatMap((m) => (m.role === 'tool' ? [m.toolCallId] : [])));
  for (const call of calls) {
    const result = results.get(call.id);
    if (!result || done.has(call.id)) continue;
    addMessage(
      run,
      { role: 'tool', toolCallId: call.id, name: result.providerName, content: result.text, isError: result.isError },
      at,
    );
  }
}

/** Appends the user message that starts a run to the session's transcript, with its time. */
export function addUserMessage(session: SessionRecord, text: string, at: string): void {
  const times = aligned(session.messageTimes, session.transcript.length);
  session.transcript.push({ role: 'user', content: text });
  session.messageTimes = [...times, at];
}

/** Appends the run's new messages, their times and its calls to the session (when the run ends). */
export function mergeIntoSession(session: SessionRecord, run: RunRecord): void {
  const added = run.history.slice(run.transcriptLength);
  const times = aligned(session.messageTimes, session.transcript.length);
  const runTimes = aligned(run.messageTimes, added.length);
  session.transcript.push(...added);
  session.messageTimes = [...times, ...runTimes];
  if (run.calls) session.calls = { ...session.calls, ...run.calls };
}

/** `times` cut or padded with `null` to `length`, so index i stays message i (records from before times were kept). */
function aligned(times: ReadonlyArray<string | null> | undefined, length: number): Array<string | null> {
  const out = (times ?? []).slice(0, Math.max(0, length));
  while (out.length < length) out.push(null);
  return out;
}
