/**
 * The embedded offline model: deterministic code behind the {@link ModelAdapter} interface, honestly
 * labelled as no AI. It routes words to tools, fills arguments from schemas, asks for what is
 * missing, summarises results and obeys directives (`/tool`, `/echo`, `/error`, `/slow`).
 */
import type { ModelAdapter, ModelEvent, ModelInfo, ModelRequest } from '../types.js';
import { planReply } from './reply.js';
import { emitReply } from './stream.js';

/** The offline model's identity, as shown in `/v1/health` and reply metadata. */
export const OFFLINE_MODEL_INFO: Readonly<ModelInfo> = Object.freeze({
  id: 'offline',
  label: 'Offline model (deterministic, no AI)',
  offline: true,
});

/** Options for {@link createOfflineModel}. */
export interface OfflineModelOptions {
  /** Pause between streamed deltas, in ms; 0 (the default) streams as fast as it is read. */
  wordDelayMs?: number;
}

/**
 * Creates the offline model adapter.
 *
 * @example
 * const model = createOfflineModel({ wordDelayMs: 30 });
 * for await (const event of model.stream({ messages, tools, signal })) handle(event);
 */
export function createOfflineModel(options: OfflineModelOptions = {}): ModelAdapter {
  const wordDelayMs = Math.max(0, options.wordDelayMs ?? 0);
  return {
    info: { ...OFFLINE_MODEL_INFO },
    async *stream(request: ModelRequest): AsyncGenerator<ModelEvent> {
      // planning happens on first read, so a bad request surfaces as a stream error like a provider's
      yield* emitReply(planReply(request), {
        wordDelayMs,
        signal: request.signal,
        messageCount: request.messages.length,
      });
    },
  };
}
