/**
 * Chat Completions stream quirks the AI SDK parser does not absorb, fixed line by line before it
 * parses (see `streamFetch`):
 *
 * - parallel calls that all arrive with `index: 0` (only their ids differ): each new id gets its
 *   own index, so the SDK does not merge them into one call;
 * - calls without an `id`: a deterministic one (`call_<hash of the request>_<n>`) instead of the
 *   SDK's random id, so the same request always yields the same ids;
 * - a stream that ends with `data: [DONE]` but never sent a `finish_reason` (some local servers):
 *   a finish chunk (`tool_calls` after tool calls, else `stop`) is added before `[DONE]`, while a
 *   stream cut off before `[DONE]` still fails as unfinished.
 *
 * Argument fragments before the name and `""` arguments are handled by the SDK and the adapter.
 */
import { createHash } from 'node:crypto';
import type { LineRewriter } from '../ai-sdk/stream-fetch.js';

interface WireToolCall {
  index?: number | null;
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null };
  [key: string]: unknown;
}

interface CallState {
  index: number;
  id?: string;
  idGenerated: boolean;
  named: boolean;
  args: string;
}

function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false; // still streaming (or broken): not a finished call
  }
}

function startsObject(call: WireToolCall): boolean {
  return typeof call.function?.arguments === 'string' && call.function.arguments.trimStart().startsWith('{');
}

/** Rewrites the `data:` lines of one Chat Completions stream; everything else passes untouched. */
export class ChatCompletionsNormalizer implements LineRewriter {
  readonly #seed: string;
  /** The call currently streaming at each wire index. */
  readonly #byWireIndex = new Map<number, CallState>();
  #nextIndex = 0;
  #sawFinish = false;
  #sawError = false;
  #sawToolCalls = false;
  #last: { id?: unknown; model?: unknown; created?: unknown } = {};

  /** `requestBody` seeds the generated ids, so they are stable for a given request. */
  constructor(requestBody: string) {
    this.#seed = createHash('sha256').update(requestBody).digest('hex').slice(0, 12);
  }

  line(line: string, eol: string): string {
    if (!line.startsWith('data:')) return line;
    const payload = line.slice(5).trim();
    if (payload === '[DONE]') {
      if (this.#sawFinish || this.#sawError) return line;
      const finish = {
        ...this.#last,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: {}, finish_reason: this.#sawToolCalls ? 'tool_calls' : 'stop' }],
      };
      this.#sawFinish = true;
      const sep = eol || '\n';
      return `data: ${JSON.stringify(finish)}${sep}${sep}${line}`;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(payload);
    } catch {
      return line; // not JSON: the SDK reports the malformed frame
    }
    return this.#chunk(chunk) ? `data: ${JSON.stringify(chunk)}` : line;
  }

  /** Updates state from one chunk; true when the chunk was changed. */
  #chunk(chunk: unknown): boolean {
    if (typeof chunk !== 'object' || chunk === null) return false;
    const value = chunk as { error?: unknown; id?: unknown; model?: unknown; created?: unknown; choices?: unknown };
    if (value.error !== undefined) {
      this.#sawError = true;
      return false;
    }
    this.#last = { id: value.id, model: value.model, created: value.created };
    if (!Array.isArray(value.choices)) return false;
    let changed = false;
    for (const choice of value.choices as Array<{ finish_reason?: unknown; delta?: { tool_calls?: unknown } | null }>) {
      if (choice.finish_reason != null) this.#sawFinish = true;
      const calls = choice.delta?.tool_calls;
      if (!Array.isArray(calls)) continue;
      for (const call of calls as WireToolCall[]) changed = this.#toolCall(call) || changed;
    }
    return changed;
  }

  #toolCall(call: WireToolCall): boolean {
    if (typeof call.index !== 'number') return false; // no index at all: the SDK matches by id and name
    this.#sawToolCalls = true;
    const before = JSON.stringify(call);
    const id = call.id?.trim() ? call.id : undefined;
    const name = call.function?.name?.trim() ? call.function.name : undefined;
    let state = this.#byWireIndex.get(call.index);
    const isNew =
      !state ||
      // another id at the same index: a parallel call squeezed into index 0
      (id !== undefined && state.id !== undefined && !state.idGenerated && id !== state.id) ||
      // no ids at all, but a new name or a new JSON object after a finished call at this index
      (id === undefined && (name !== undefined || startsObject(call)) && state.named && isCompleteJson(state.args));
    if (isNew || !state) {
      state = { index: this.#nextIndex++, idGenerated: false, named: false, args: '' };
      this.#byWireIndex.set(call.index, state);
    }
    if (id !== undefined && state.id === undefined) state.id = id;
    if (name !== undefined && !state.named) {
      state.named = true;
      if (state.id === undefined) {
        state.id = `call_${this.#seed}_${state.index}`;
        state.idGenerated = true;
      }
    }
    if (typeof call.function?.arguments === 'string') state.args += call.function.arguments;
    call.index = state.index;
    // The id goes with the name (the SDK opens the call there); later fragments keep the wire's.
    if (name !== undefined || id !== undefined) call.id = state.id ?? null;
    if (call.id === null) delete call.id;
    return JSON.stringify(call) !== before;
  }
}
