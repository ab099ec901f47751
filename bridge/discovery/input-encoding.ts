/**
 * `executeTool` wants an input object natively but a JSON string in older Chrome and in the MCP-B
 * polyfill. The bridge sends an object first; when the error says the input could not be parsed it
 * retries once with a string, then remembers the encoding that worked for every later call.
 */
import { isToolFailure } from './normalize.js';

export type InputEncoding = 'object' | 'string';

/**
 * "I wanted an object": native Chromium (`TypeError: … invalid input object: value is not an
 * object`) and the bridge's polyfill.
 */
const OBJECT_WANTED = /invalid input object|value is not an object|not of type 'object'/i;
/**
 * "I wanted a JSON string": MCP-B (`UnknownError: Failed to parse input arguments`), older Chrome
 * (`Tool was not executed due to invalid input arguments`) and shims that call `JSON.parse` on
 * `"[object Object]"` (`SyntaxError: Unexpected token o …` / `… is not valid JSON`). Kept narrow on
 * purpose: a tool's own error that merely mentions parsing must not make the bridge run it twice.
 */
const STRING_WANTED =
  /pars(e|ing) (the )?input|invalid input arguments|is not valid JSON|Unexpected token|JSON at position/i;

/**
 * Which encoding an `executeTool` rejection asks for, or `undefined` when it is about something
 * else (the tool ran and failed, it is unknown, the call was aborted…).
 */
export function wantedEncoding(error: unknown): InputEncoding | undefined {
  if (isToolFailure(error)) return undefined;
  const name = String((error as { name?: unknown } | null)?.name ?? '');
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  if (OBJECT_WANTED.test(message)) return 'object';
  if (name === 'SyntaxError' || STRING_WANTED.test(message)) return 'string';
  return undefined;
}

/** Learns and remembers a context's input encoding. */
export class EncodingLatch {
  #encoding: InputEncoding | undefined;

  /** The encoding learnt so far (`undefined` until a call has told). */
  get value(): InputEncoding | undefined {
    return this.#encoding;
  }

  /** Runs `call` with the known encoding, or learns it: objects first, one retry with a string. */
  async run<T>(call: (encoding: InputEncoding) => Promise<T>, signal: AbortSignal): Promise<T> {
    const first: InputEncoding = this.#encoding ?? 'object';
    try {
      const result = await call(first);
      this.#encoding = first;
      return result;
    } catch (error) {
      if (this.#encoding !== undefined || signal.aborted) throw error;
      if (isToolFailure(error)) {
        this.#encoding = first; // the context took the input and ran the tool
        throw error;
      }
      const other: InputEncoding = first === 'object' ? 'string' : 'object';
      if (wantedEncoding(error) !== other) throw error;
      let result: T;
      try {
        result = await call(other);
      } catch (retryError) {
        // Refused the other encoding too: the first was right and the first error was the tool's
        // own (e.g. "invalid input arguments: date"), so report that one, not ours.
        if (wantedEncoding(retryError) === first) {
          this.#encoding = first;
          throw error;
        }
        if (isToolFailure(retryError)) this.#encoding = other;
        throw retryError;
      }
      this.#encoding = other;
      return result;
    }
  }
}
