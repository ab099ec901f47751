import type { ReactiveController, ReactiveControllerHost } from 'lit';

export const LoadStatus = { initial: 'initial', pending: 'pending', complete: 'complete', error: 'error' } as const;
export type LoadStatus = (typeof LoadStatus)[keyof typeof LoadStatus];

/**
 * One async load at a time, the `@lit/task` way: every run gets its own `AbortController`, a new
 * run aborts the pending one, and a call id drops results that arrive after a newer run started.
 */
export class LoadController<T> implements ReactiveController {
  status: LoadStatus = LoadStatus.initial;
  value: T | undefined;
  error: unknown;
  #abort: AbortController | undefined;
  #callId = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly task: (signal: AbortSignal) => Promise<T>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    this.#callId++;
  }

  /** Starts a run (aborting the pending one); resolves when this run is settled or overtaken. */
  async run(): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const id = ++this.#callId;
    this.status = LoadStatus.pending;
    this.host.requestUpdate();
    try {
      const value = await this.task(abort.signal);
      if (id !== this.#callId) return;
      this.value = value;
      this.error = undefined;
      this.status = LoadStatus.complete;
    } catch (error) {
      if (id !== this.#callId) return;
      this.error = error;
      this.status = LoadStatus.error;
    }
    this.host.requestUpdate();
  }
}
