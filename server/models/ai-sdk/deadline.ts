/**
 * Time limits of one provider request: an overall timeout and an idle timeout (no bytes from the
 * provider for too long), both aborting through one signal that also follows the caller's
 * `request.signal`. Whatever happens, a model request never hangs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** How long a provider request may take. */
export interface TimeLimits {
  /** The whole request, from sending it to the last event. */
  timeoutMs: number;
  /** The longest silence between two pieces of the response (or before the first). */
  idleTimeoutMs: number;
}

/** Defaults: generous enough for a slow local model's first token, short enough to notice a dead one. */
export const DEFAULT_TIME_LIMITS: Readonly<TimeLimits> = Object.freeze({ timeoutMs: 300_000, idleTimeoutMs: 60_000 });

/** Why a deadline fired. */
export type DeadlineCause = 'aborted' | 'timeout' | 'idle';

const activity = new AsyncLocalStorage<() => void>();

/** Runs `fn` so that {@link currentActivity} inside it (e.g. in a custom `fetch`) reports to `touch`. */
export function withActivity<T>(touch: () => void, fn: () => T): T {
  return activity.run(touch, fn);
}

/** The activity callback of the request being sent, if any: call it whenever bytes arrive. */
export function currentActivity(): (() => void) | undefined {
  return activity.getStore();
}

/** The limits of one request; `signal` aborts when the caller aborts or a limit is reached. */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #parent: AbortSignal;
  readonly #limits: TimeLimits;
  #idle: ReturnType<typeof setTimeout> | undefined;
  readonly #overall: ReturnType<typeof setTimeout>;
  #cause: DeadlineCause | undefined;
  readonly #onParentAbort = (): void => this.#fire('aborted');

  constructor(parent: AbortSignal, limits: TimeLimits) {
    this.#parent = parent;
    this.#limits = limits;
    this.#overall = setTimeout(() => this.#fire('timeout'), limits.timeoutMs);
    this.#overall.unref?.();
    parent.addEventListener('abort', this.#onParentAbort, { once: true });
    this.touch();
    if (parent.aborted) this.#fire('aborted');
  }

  /** Aborts when the request must stop. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** What fired, once something has. */
  get cause(): DeadlineCause | undefined {
    return this.#cause;
  }

  /** Restarts the idle timer: the provider just sent something. */
  readonly touch = (): void => {
    if (this.#cause) return;
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.#fire('idle'), this.#limits.idleTimeoutMs);
    this.#idle.unref?.();
  };

  /** Settles like `promise`, or rejects with the abort reason as soon as the deadline fires. */
  race<T>(promise: Promise<T>): Promise<T> {
    const signal = this.signal;
    if (signal.aborted) {
      promise.catch(() => {}); // lost the race: its late rejection is of no interest
      return Promise.reject(signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /** Stops the timers and the link to the caller's signal. */
  dispose(): void {
    clearTimeout(this.#idle);
    clearTimeout(this.#overall);
    this.#parent.removeEventListener('abort', this.#onParentAbort);
  }

  #fire(cause: DeadlineCause): void {
    if (this.#cause) return;
    this.#cause = cause;
    this.dispose();
    this.#controller.abort(cause === 'aborted' ? this.#parent.reason : new Error(`deadline: ${cause}`));
  }
}
