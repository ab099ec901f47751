/**
 * The server's share of a model step: its calls all start at once and run in parallel, each
 * streamed as `tool_start` / `tool_complete` (with `origin: 'server'` and its own duration), and
 * the group is reported to the observer (webhooks) like a page group.
 */
import type { PendingCall, RunRecord, StepResult } from '../store/types.js';
import { runServerCall, type ServerTool } from '../tools/executor.js';
import { bareNameOf } from '../tools/names.js';
import { newId } from './ids.js';
import { notify, type RunObserver } from './observer.js';
import type { EventInput } from './types.js';

/** A call of the step that a server tool answers. */
export interface ServerStepCall extends PendingCall {
  tool: ServerTool;
}

/**
 * Runs the step's server calls; returns their results by call id. Events go out through `emit`
 * one at a time, in the order things happened, so their `seq`s are stored in order.
 */
export async function runServerStep(
  run: RunRecord,
  calls: readonly ServerStepCall[],
  emit: (event: EventInput) => Promise<void>,
  observer: RunObserver,
  signal: AbortSignal,
): Promise<Map<string, StepResult>> {
  const results = new Map<string, StepResult>();
  if (calls.length === 0) return results;
  const groupId = newId('grp');
  let queue = Promise.resolve();
  const send = (event: EventInput): Promise<void> => (queue = queue.then(() => emit(event)));
  notify(observer, 'callsStarted', {
    surfaceId: run.surfaceId,
    sessionId: run.sessionId,
    executionId: run.id,
    groupId,
    at: new Date().toISOString(),
    calls,
  });
  for (const call of calls) {
    void send({
      type: 'tool_start',
      toolCallId: call.toolCallId,
      toolName: call.bareName,
      toolType: call.tool.kind,
      parameters: call.parameters,
      origin: 'server',
    });
  }
  const records = (run.calls ??= {});
  const finished = await Promise.all(
    calls.map(async (call, index) => {
      const result = await runServerCall(
        call.tool,
        { toolCallId: call.toolCallId, name: call.bareName, arguments: call.parameters },
        {
          runId: run.id,
          sessionId: run.sessionId,
          surfaceId: run.surfaceId,
          group: { id: groupId, index, length: calls.length },
          signal,
          sendClientEvent: (event) => send({ type: 'client_event', ...event }),
        },
      );
      records[call.toolCallId] = {
        name: bareNameOf(call.canonicalName),
        groupId,
        durationMs: result.durationMs,
        origin: 'server',
        kind: call.tool.kind,
      };
      results.set(call.toolCallId, { text: result.text, isError: result.isError, providerName: call.providerName });
      await send({
        type: 'tool_complete',
        toolCallId: call.toolCallId,
        toolName: call.bareName,
        result: result.text,
        success: !result.isError,
        executionTime: result.durationMs,
        ...(result.isError ? { error: result.text } : {}),
        origin: 'server',
      });
      return { ...call, text: result.text, isError: result.isError, durationMs: result.durationMs };
    }),
  );
  await queue;
  notify(observer, 'callsFinished', {
    surfaceId: run.surfaceId,
    sessionId: run.sessionId,
    executionId: run.id,
    groupId,
    at: new Date().toISOString(),
    calls: finished.map(({ tool: _tool, ...call }) => call),
  });
  return results;
}
