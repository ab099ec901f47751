/**
 * `streamResponse: false`: the events of one segment folded into one JSON answer — the text, and
 * either the run's end or its pause with the calls the resume must answer.
 */
import type { DispatchResult } from '../../bridge/protocol/dispatch.js';
import type { StreamEvent } from '../../bridge/protocol/index.js';

/** Reads `events` to the segment's end and returns what it came to. */
export async function collectResult(executionId: string, events: AsyncIterable<StreamEvent>): Promise<DispatchResult> {
  const result: DispatchResult = { executionId, status: 'failed', text: '' };
  const awaiting: NonNullable<DispatchResult['awaiting']> = [];
  for await (const event of events) {
    switch (event.type) {
      case 'text_delta':
        result.text += event.delta;
        break;
      case 'await':
        awaiting.push({
          toolCallId: event.toolCallId,
          toolName: event.toolName,
          origin: event.origin,
          parameters: event.parameters,
        });
        result.status = 'awaiting';
        break;
      case 'execution_complete':
        result.status = 'completed';
        result.stopReason = event.stopReason;
        break;
      case 'execution_error':
        result.status = 'failed';
        result.error = event.error;
        break;
      default:
        break;
    }
  }
  if (awaiting.length > 0) result.awaiting = awaiting;
  return result;
}
