import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How often the console's views look for news (each look is a cheap `If-None-Match` GET). */
export const POLL_MS = 5000;

/**
 * Calls `tick` every `intervalMs` while the host is connected and the tab is visible, so a view
 * stays live; the host keeps its rendered state (scroll, forms) because a refresh only swaps data.
 */
export class PollController implements ReactiveController {
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly tick: () => void,
    private readonly intervalMs = POLL_MS,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#timer = setInterval(() => {
      if (!document.hidden) this.tick();
    }, this.intervalMs);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
