/**
 * Bookkeeping a run keeps beside its model history, for transcripts and webhooks: when each
 * message was added, and what each tool call was (bare name, pause group, pause → resume time).
 */
import type { ModelMessage } from '../models/types.js';
import type { RunRecord, SessionRecord } from '../store/index.js';

/** Appends `message` to the run's history and the time it was added to `messageTimes`. */
export function addMessage(run: RunRecord, message: ModelMessage, at = new Date().toISOString()): void {
  const times = aligned(run.messageTimes, run.history.length - run.transcriptLength);
  run.history.push(message);
  times.push(at);
  run.messageTimes = times;
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
