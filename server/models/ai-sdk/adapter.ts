/**
 * A {@link ModelAdapter} over any AI SDK `LanguageModelV3`: maps the request to the V3 prompt,
 * calls the provider's low-level `doStream`, maps the parts to model events, and enforces the
 * time limits. The provider folders only build the `LanguageModelV3` and its `fetch`.
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3FunctionTool,
  LanguageModelV3StreamPart,
} from '@ai-sdk/provider';
import type { ModelAdapter, ModelEvent, ModelInfo, ModelRequest } from '../types.js';
import { Deadline, withActivity, type TimeLimits } from './deadline.js';
import { requestError, timeoutError } from './errors.js';
import { EventMapper } from './events.js';
import { toPrompt, toTools } from './prompt.js';

/** Generation settings passed to every call. */
export interface GenerationSettings {
  maxOutputTokens?: number;
  temperature?: number;
}

/** What {@link createLanguageModelAdapter} needs. */
export interface LanguageModelAdapterOptions {
  info: ModelInfo;
  /** Names the provider in error messages, e.g. `OpenAI-compatible model "qwen3:8b" at localhost:11434`. */
  label: string;
  model: LanguageModelV3;
  limits: TimeLimits;
  settings?: GenerationSettings;
  /** Tools to declare when the request has none (see `historyToolStubs`); default none. */
  toolsWhenNone?: (request: ModelRequest) => LanguageModelV3FunctionTool[];
}

/** The V3 call options for one request. */
export function callOptions(
  request: ModelRequest,
  options: LanguageModelAdapterOptions,
  abortSignal: AbortSignal,
): LanguageModelV3CallOptions {
  const { settings = {} } = options;
  const tools = request.tools.length > 0 ? toTools(request.tools) : (options.toolsWhenNone?.(request) ?? []);
  return {
    prompt: toPrompt(request),
    abortSignal,
    ...(tools.length > 0 ? { tools, toolChoice: request.tools.length > 0 ? { type: 'auto' } : { type: 'none' } } : {}),
    ...(settings.maxOutputTokens !== undefined ? { maxOutputTokens: settings.maxOutputTokens } : {}),
    ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
  };
}

/**
 * Wraps a V3 language model as a model adapter.
 *
 * @example
 * const model = createOpenAICompatible({ name: 'ollama', baseURL }).chatModel('qwen3:8b');
 * const adapter = createLanguageModelAdapter({ info, label: 'Ollama', model, limits: DEFAULT_TIME_LIMITS });
 */
export function createLanguageModelAdapter(options: LanguageModelAdapterOptions): ModelAdapter {
  const { label, model, limits } = options;
  return {
    info: { ...options.info },
    async *stream(request: ModelRequest): AsyncGenerator<ModelEvent> {
      const deadline = new Deadline(request.signal, limits);
      // Why the request stopped: the caller's own reason, or a timeout error naming the limit.
      const stopped = (): unknown =>
        deadline.cause === 'aborted'
          ? request.signal.reason
          : timeoutError(label, deadline.cause === 'idle' ? 'idle' : 'timeout', limits);
      let reader: ReadableStreamDefaultReader<LanguageModelV3StreamPart> | undefined;
      try {
        request.signal.throwIfAborted();
        let result;
        try {
          const call = callOptions(request, options, deadline.signal);
          result = await deadline.race(Promise.resolve(withActivity(deadline.touch, () => model.doStream(call))));
        } catch (error) {
          throw deadline.cause ? stopped() : requestError(label, error, 'request');
        }
        reader = result.stream.getReader();
        const mapper = new EventMapper(label);
        for (;;) {
          let next: ReadableStreamReadResult<LanguageModelV3StreamPart>;
          try {
            next = await deadline.race(reader.read());
          } catch (error) {
            throw deadline.cause ? stopped() : requestError(label, error, 'stream');
          }
          if (next.done) break;
          deadline.touch();
          for (const event of mapper.push(next.value)) yield event;
        }
        yield mapper.end();
      } finally {
        deadline.dispose();
        // Closes the HTTP response when the step ends early (error, abort, consumer stopped).
        reader?.cancel().catch(() => {}); // already closed or errored: nothing left to release
      }
    },
  };
}
