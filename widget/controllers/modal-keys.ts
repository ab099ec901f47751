/**
 * The keyboard of a modal dialog in a shadow root: Esc asks to close, and Tab past the last control
 * comes back to the first (Shift+Tab before the first goes to the last), so focus cycles inside
 * the dialog while it is open. The first and last controls are fixed (the close button, the
 * send/stop button), everything between keeps the browser's own tab order.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface ModalKeysOptions {
  /** Whether the host is a modal dialog right now (floating, not inline). */
  modal: () => boolean;
  first: () => HTMLElement | null;
  last: () => HTMLElement | null;
  /** Called on Esc. */
  close: () => void;
}

export class ModalKeysController implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: ModalKeysOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Nothing to set up: the host binds `keydown` on its dialog element.
  }

  /** The dialog's `keydown` listener. */
  readonly keydown = (event: KeyboardEvent): void => {
    if (!this.options.modal()) return;
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.options.close();
      return;
    }
    if (event.key !== 'Tab') return;
    const first = this.options.first();
    const last = this.options.last();
    const active = this.host.shadowRoot?.activeElement;
    const target = event.shiftKey ? (active === first ? last : null) : active === last ? first : null;
    if (target) {
      event.preventDefault();
      target.focus();
    }
  };
}
