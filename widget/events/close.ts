/**
 * Fired when the floating panel closes (close button, Esc, the launcher, `close()` or removing
 * the `open` attribute). Bubbles and is composed; not cancelable.
 */
export class CloseEvent extends Event {
  static readonly type = 'webmcp-chat-close';

  constructor() {
    super(CloseEvent.type, { bubbles: true, composed: true, cancelable: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'webmcp-chat-close': CloseEvent;
  }
}
