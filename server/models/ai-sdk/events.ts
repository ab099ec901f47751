/**
 * V3 stream parts → {@link ModelEvent}s: text and reasoning deltas, tool calls opened with
 * `tool-call-start`, their argument fragments, the complete call with the whole JSON, and exactly
 * one `finish`. An `error` part, or a stream without a finish, ends the step with an error.
 */
import type { LanguageModelV3FinishReason, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import type { ModelEvent, ModelStopReason } from '../types.js';
import { streamPartError, unfinished } from './errors.js';

/** The engine's stop reason for the provider's, given whether the step called tools. */
export function stopReason(finish: LanguageModelV3FinishReason, calledTools: boolean): ModelStopReason {
  switch (finish.unified) {
    case 'length':
      return 'length';
    case 'error':
      return 'error';
    default:
      // Some servers (Ollama, llama.cpp) say `stop` after tool calls, some say nothing at all
      // (`other`): the calls themselves are what decides that the step wants tool results.
      return calledTools ? 'tool_calls' : 'stop';
  }
}

/** Maps the parts of one step; feed every part to {@link push}, then call {@link end}. */
export class EventMapper {
  readonly #label: string;
  readonly #started = new Set<string>();
  #calls = 0;
  #finish: LanguageModelV3FinishReason | undefined;

  constructor(label: string) {
    this.#label = label;
  }

  /** The events for one part (often none); throws a clear error for an `error` part. */
  push(part: LanguageModelV3StreamPart): ModelEvent[] {
    switch (part.type) {
      case 'text-delta':
        return part.delta === '' ? [] : [{ type: 'text-delta', delta: part.delta }];
      case 'reasoning-delta':
        // Anthropic's signature arrives as an empty reasoning delta: nothing to show.
        return part.delta === '' ? [] : [{ type: 'reasoning-delta', delta: part.delta }];
      case 'tool-input-start':
        if (part.providerExecuted) return [];
        this.#started.add(part.id);
        return [{ type: 'tool-call-start', id: part.id, name: part.toolName }];
      case 'tool-input-delta':
        if (!this.#started.has(part.id) || part.delta === '') return [];
        return [{ type: 'tool-call-delta', id: part.id, argumentsDelta: part.delta }];
      case 'tool-call': {
        if (part.providerExecuted) return [];
        this.#calls += 1;
        const start: ModelEvent[] = this.#started.has(part.toolCallId)
          ? []
          : [{ type: 'tool-call-start', id: part.toolCallId, name: part.toolName }];
        this.#started.add(part.toolCallId);
        // `""` (a call without arguments, as some servers send it) is the empty object.
        const args = part.input.trim() === '' ? '{}' : part.input;
        return [...start, { type: 'tool-call', id: part.toolCallId, name: part.toolName, arguments: args }];
      }
      case 'finish':
        this.#finish = part.finishReason;
        return [];
      case 'error':
        throw streamPartError(this.#label, part.error);
      default:
        return []; // stream-start, metadata, text/reasoning start and end, sources: nothing for the engine
    }
  }

  /** The closing `finish`; throws when the provider never said the answer was complete. */
  end(): ModelEvent {
    if (!this.#finish || this.#finish.unified === 'error') throw unfinished(this.#label);
    return { type: 'finish', reason: stopReason(this.#finish, this.#calls > 0) };
  }
}
