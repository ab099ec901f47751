/**
 * Fired when the floating panel opens (by the launcher, `open()` or the `open` attribute).
 * Bubbles and is composed; not cancelable.
 *
 * @example chat.addEventListener('webmcp-chat-open', () => analytics.track('chat opened'));
 */
export class OpenEvent extends Event {
  static readonly type = 'webmcp-chat-open';

  constructor() {
    super(OpenEvent.type, { bubbles: true, composed: true, cancelable: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'webmcp-chat-open': OpenEvent;
  }
}
