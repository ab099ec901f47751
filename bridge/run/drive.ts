/**
 * Follows one run to its end: every new event is reported, a dropped connection is picked up again
 * after the last event seen (nothing lost, nothing shown twice), and each pause (`await`) is
 * journaled, its calls run and their outputs sent, the stream that follows read in turn. A run
 * stopped during a pause is finished off on the server, so none is left waiting.
 */
import { errorResult, type ToolCall } from '../execution/index.js';
import type { McpToolResult, StreamEvent, StreamEventOf } from '../protocol/index.js';
import type { Snapshot } from '../snapshot/index.js';
import { BridgeError, isAbortError } from '../transport/index.js';
import { ERROR_CODES } from '../protocol/index.js';
import type { ToolRunner } from './tool-runner.js';
import type { RunOutcome, RunUpdate } from './types.js';

/** What the loop needs from the session it runs in. */
export interface RunHooks {
  /** Where updates go: the `onUpdate` of the latest `send` or `recover`. */
  report: (update: RunUpdate) => void;
  /** Gets each `client_event` frame. */
  clientEvent: (event: StreamEventOf<'client_event'>) => void;
  /** Opens the run's stream again, after the event numbered `after`. */
  reconnect: (executionId: string, after: number, signal: AbortSignal) => AsyncGenerator<StreamEvent>;
  /** Records the pause before any of its calls runs. */
  begin: (executionId: string, calls: ToolCall[], seq: number) => void;
  /** Reads the page's tools afresh. */
  snapshot: () => Promise<Snapshot>;
  runner: ToolRunner;
  /** Sends a pause's outputs; resolves with the stream that follows. */
  resume: (
    executionId: string,
    outputs: Record<string, McpToolResult>,
    snapshot: Snapshot,
    signal: AbortSignal | undefined,
  ) => Promise<AsyncGenerator<StreamEvent>>;
}

/** How often one stream is picked up again after its connection drops. */
const MAX_RECONNECTS = 3;

/** Waits `ms`, or less when `signal` aborts. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/** Reads `first` and every stream after it until the run ends, is stopped or its stream ends early. */
export async function drive(
  first: AsyncGenerator<StreamEvent>,
  signal: AbortSignal,
  hooks: RunHooks,
): Promise<RunOutcome> {
  let stream = first;
  let executionId: string | undefined;
  let lastSeq = 0;
  for (;;) {
    const awaits: StreamEventOf<'await'>[] = [];
    let outcome: RunOutcome | undefined;
    for (let reconnects = 0; ; reconnects++) {
      try {
        for await (const event of stream) {
          // A replay after a reconnect may repeat what was already seen: seq says so.
          if (event.executionId === executionId && event.seq <= lastSeq) continue;
          executionId = event.executionId;
          lastSeq = event.seq;
          hooks.report({ type: 'event', event });
          if (event.type === 'client_event') hooks.clientEvent(event);
          if (event.type === 'await') awaits.push(event);
          else if (event.type === 'execution_complete')
            outcome = { executionId, status: event.success ? 'completed' : 'failed' };
          else if (event.type === 'execution_error') outcome = { executionId, status: 'failed', error: event.error };
        }
        // A clean end is a pause (awaits) or the run's end; anything else was cut short.
        if (outcome || awaits.length > 0 || !executionId || reconnects >= MAX_RECONNECTS) break;
      } catch (error) {
        if (isAbortError(error)) {
          if (awaits.length === 0) return { executionId, status: 'stopped' };
          break;
        }
        if (!(
          error instanceof BridgeError &&
          error.code === ERROR_CODES.streamInterrupted &&
          executionId &&
          reconnects < MAX_RECONNECTS
        ))
          throw error;
      }
      // The connection dropped mid-run: pick up after the last event seen, losing nothing.
      await delay(200 * (reconnects + 1), signal);
      stream = hooks.reconnect(executionId, lastSeq, signal);
    }
    if (awaits.length === 0 || !executionId) {
      return (
        outcome ?? {
          executionId,
          status: 'failed',
          error: { code: ERROR_CODES.streamEnded, message: 'The stream ended before the run finished.' },
        }
      );
    }
    const calls: ToolCall[] = awaits.map((a) => ({
      toolCallId: a.toolCallId,
      toolName: a.toolName,
      parameters: a.parameters,
    }));
    // Journal first: from here on a reload can finish this pause instead of stranding it.
    hooks.begin(executionId, calls, lastSeq);
    hooks.report({ type: 'tools-waiting', calls });
    // Re-read the page's tools: they may have changed since the turn began.
    const snapshot = await hooks.snapshot();
    const outputs = await hooks.runner.run(calls, snapshot, signal);
    if (signal.aborted) {
      // Stopped: the server still gets every output so the run is not left paused; its reply is not shown.
      await finishStopped(executionId, outputs, snapshot, hooks).catch(() => undefined);
      return { executionId, status: 'stopped' };
    }
    stream = await hooks.resume(executionId, outputs, snapshot, signal);
  }
}

/** Sends a stopped run's outputs; any further pause gets "stopped" outputs, so none is left waiting. */
async function finishStopped(
  executionId: string,
  outputs: Record<string, McpToolResult>,
  snapshot: Snapshot,
  hooks: RunHooks,
): Promise<void> {
  let next = await hooks.resume(executionId, outputs, snapshot, undefined);
  for (let round = 0; round < 8; round++) {
    const pending: string[] = [];
    for await (const event of next) if (event.type === 'await') pending.push(event.toolCallId);
    if (pending.length === 0) break;
    const stopped = Object.fromEntries(pending.map((id) => [id, errorResult('The user stopped the run.')]));
    next = await hooks.resume(executionId, stopped, snapshot, undefined);
  }
}
