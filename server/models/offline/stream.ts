/**
 * Turns a planned reply into model events the way a real provider streams: word-sized text
 * deltas, tool calls opened with `tool-call-start`, their JSON arguments in 2–3 fragments, then the
 * complete call, and exactly one `finish`.
 */
import type { ModelEvent } from '../types.js';
import type { OfflineReply } from './reply.js';

/** How to stream: the pause between deltas, the abort signal, and the history length (for ids). */
export interface EmitOptions {
  wordDelayMs: number;
  signal: AbortSignal;
  messageCount: number;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Splits text into words, each with its following whitespace; the pieces join back to `text`. */
export function splitWords(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text === '' ? [] : [text]);
}

/** Splits a JSON text into 2–3 non-empty fragments (one when it is a single character). */
export function splitArguments(json: string): string[] {
  if (json.length < 2) return [json];
  const count = json.length < 3 ? 2 : 3;
  const size = Math.ceil(json.length / count);
  const fragments: string[] = [];
  for (let start = 0; start < json.length; start += size) fragments.push(json.slice(start, start + size));
  return fragments;
}

function shortHash(text: string): string {
  // FNV-1a: tiny, stable across runs, good enough to tell steps of a run apart
  let hash = 0x811c9dc5;
  for (const char of text) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193);
  return (hash >>> 0).toString(36).padStart(7, '0').slice(0, 6);
}

/** The deterministic id of the `index`-th call (from 1) in a step that saw `messageCount` messages. */
export function toolCallId(index: number, messageCount: number): string {
  return `call_${index}_${shortHash(`offline:${messageCount}`)}`;
}

/**
 * Streams a planned reply. A `wait` sleeps first; an `error` throws. Aborting the signal rejects
 * with its reason at the next event or during any pause.
 */
export async function* emitReply(reply: OfflineReply, options: EmitOptions): AsyncGenerator<ModelEvent> {
  const { signal, wordDelayMs } = options;
  let deltas = 0;
  const pace = async (): Promise<void> => {
    if (deltas++ > 0 && wordDelayMs > 0) await delay(wordDelayMs, signal);
    signal.throwIfAborted();
  };

  signal.throwIfAborted();
  if (reply.kind === 'error') throw new Error(reply.message);
  if (reply.kind === 'wait') await delay(reply.ms, signal);

  if (reply.kind === 'tool-calls') {
    for (const [index, call] of reply.calls.entries()) {
      const id = toolCallId(index + 1, options.messageCount);
      const json = JSON.stringify(call.arguments);
      signal.throwIfAborted();
      yield { type: 'tool-call-start', id, name: call.tool.name };
      for (const argumentsDelta of splitArguments(json)) {
        await pace();
        yield { type: 'tool-call-delta', id, argumentsDelta };
      }
      signal.throwIfAborted();
      yield { type: 'tool-call', id, name: call.tool.name, arguments: json };
    }
    signal.throwIfAborted();
    yield { type: 'finish', reason: reply.calls.length > 0 ? 'tool_calls' : 'stop' };
    return;
  }

  for (const delta of splitWords(reply.text)) {
    await pace();
    yield { type: 'text-delta', delta };
  }
  signal.throwIfAborted();
  yield { type: 'finish', reason: 'stop' };
}
