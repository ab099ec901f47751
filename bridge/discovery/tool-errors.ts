/**
 * Native WebMCP rejects `executeTool` with a bare `UnknownError` whenever a tool throws: the tool's
 * own message ("Out of stock") never reaches the caller. This keeps it: it wraps `registerTool` on
 * the page's context so each registered tool's `execute` records what it threw, and the backend
 * swaps the generic error for the recorded one.
 *
 * Limits: only tools registered after `install` are covered (detect early), and two failing calls
 * of the same tool at the same time may swap their messages.
 */
import { isToolFailure } from './normalize.js';

const INSTALLED = Symbol.for('webmcp-chat.tool-errors');

type RegisterTool = (tool: unknown, ...rest: unknown[]) => unknown;

/** What the backend needs from a capture; also what a capture installed by another copy of the bridge offers. */
export interface ErrorCapture {
  mark(): number;
  take(toolName: string, since: number, error: unknown): unknown;
}

function isCapture(value: unknown): value is ErrorCapture {
  return (
    typeof (value as ErrorCapture | null)?.mark === 'function' && typeof (value as ErrorCapture).take === 'function'
  );
}

export class ToolErrorCapture implements ErrorCapture {
  #seq = 0;
  readonly #last = new Map<string, { seq: number; error: unknown }>();

  /**
   * Wraps `context.registerTool` (an own property shadowing the prototype's; the page calls it as
   * before). Idempotent: a second call returns the first capture — also one installed by another
   * copy of this code (the script tag's launcher installs it before the panel's bridge loads).
   */
  static install(context: object): ErrorCapture | undefined {
    const existing = (context as Record<symbol, unknown>)[INSTALLED];
    if (isCapture(existing)) return existing;
    const original = (context as { registerTool?: unknown }).registerTool;
    if (typeof original !== 'function') return undefined;
    const capture = new ToolErrorCapture();
    const registerTool: RegisterTool = function (this: unknown, tool, ...rest) {
      return (original as RegisterTool).call(this, capture.#wrap(tool), ...rest);
    };
    try {
      Object.defineProperty(context, 'registerTool', { configurable: true, writable: true, value: registerTool });
      Object.defineProperty(context, INSTALLED, { configurable: true, value: capture });
    } catch {
      return undefined; // a frozen context: keep the generic errors rather than break registration
    }
    return capture;
  }

  /** A point in time: errors recorded after it belong to calls started after it. */
  mark(): number {
    return this.#seq;
  }

  /**
   * The error `toolName` threw since `since`, when `error` is the generic "the tool failed" a
   * native context rejects with; otherwise `undefined`.
   */
  take(toolName: string, since: number, error: unknown): unknown {
    if (!isToolFailure(error)) return undefined;
    const entry = this.#last.get(toolName);
    if (!entry || entry.seq <= since) return undefined;
    this.#last.delete(toolName);
    return entry.error;
  }

  #record(name: string, error: unknown): void {
    this.#last.set(name, { seq: ++this.#seq, error });
  }

  #wrap(tool: unknown): unknown {
    // Anything the context will refuse is passed as it is, so its own validation errors stay exact.
    if (typeof tool !== 'object' || tool === null) return tool;
    const { name, execute } = tool as { name?: unknown; execute?: unknown };
    if (typeof execute !== 'function' || typeof name !== 'string') return tool;
    const record = (error: unknown) => this.#record(name, error);
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      let result: unknown;
      try {
        result = (execute as (...a: unknown[]) => unknown).apply(this, args);
      } catch (error) {
        record(error);
        throw error;
      }
      if (
        result !== null &&
        typeof result === 'object' &&
        typeof (result as PromiseLike<unknown>).then === 'function'
      ) {
        return Promise.resolve(result).catch((error: unknown) => {
          record(error);
          throw error;
        });
      }
      return result;
    };
    // The context reads the tool's members as a dictionary (inherited ones included): everything
    // but `execute` comes from the page's own object.
    return Object.create(tool, {
      execute: { configurable: true, enumerable: true, writable: true, value: wrapped },
    }) as unknown;
  }
}
