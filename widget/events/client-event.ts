import type { ClientEventDetail } from '../../bridge/index.js';

/**
 * Fired when the assistant sends the page a client event (a `client_event` tool of the server's
 * config, e.g. `highlight_product`): `detail.name` and `detail.arguments`, which the server checked
 * against the tool's declared parameters. One-way: the model is not waiting. Bubbles, composed.
 */
export class ClientEventEvent extends Event {
  static readonly type = 'webmcp-chat-client-event';
  readonly detail: ClientEventDetail;

  constructor(detail: ClientEventDetail) {
    super(ClientEventEvent.type, { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'webmcp-chat-client-event': ClientEventEvent;
  }
}
