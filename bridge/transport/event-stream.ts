/**
 * Reads a `text/event-stream` answer of the chat server into typed stream events, for the browser
 * client and the Node SDK alike: frames in order, a frame that is not JSON ends the stream with
 * `stream_malformed` (after the good frames before it), a broken connection with `stream_interrupted`.
 */
import { ERROR_CODES } from '../protocol/index.js';
import type { StreamEvent } from '../protocol/index.js';
import { BridgeError, isAbortError } from './errors.js';
import { SseParser } from './sse-parser.js';

/** The events of an SSE response, in order; stopping early cancels the response body. */
export async function* readEventStream(response: Response): AsyncGenerator<StreamEvent> {
  if (!response.body) throw new BridgeError(ERROR_CODES.streamMissing, 'The server answered without a stream body.');
  const queue: StreamEvent[] = [];
  let malformed: BridgeError | undefined;
  const parser = new SseParser((message) => {
    if (malformed) return; // nothing after a broken frame is trusted
    try {
      const data = JSON.parse(message.data) as unknown;
      if (isStreamEvent(data)) queue.push(data);
    } catch {
      malformed = new BridgeError(
        ERROR_CODES.streamMalformed,
        `Could not parse a stream frame: ${message.data.slice(0, 120)}`,
      );
    }
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      // The good frames that came before a broken one are still delivered, in order.
      while (queue.length > 0) yield queue.shift()!;
      if (malformed) throw malformed;
    }
    parser.feed(decoder.decode());
    parser.end();
    while (queue.length > 0) yield queue.shift()!;
    if (malformed) throw malformed;
  } catch (error) {
    if (isAbortError(error) || error instanceof BridgeError) throw error;
    throw new BridgeError(
      ERROR_CODES.streamInterrupted,
      `The stream was interrupted: ${String((error as Error)?.message ?? error)}`,
    );
  } finally {
    // Releasing the reader cancels the body when the consumer stops early (break/return/abort).
    reader.cancel().catch(() => undefined); // already closed or errored: nothing left to release
  }
}

/** A minimal structural guard; the full zod schema validates frames in the server's tests. */
function isStreamEvent(value: unknown): value is StreamEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; executionId?: unknown; seq?: unknown };
  return typeof v.type === 'string' && typeof v.executionId === 'string' && typeof v.seq === 'number';
}
