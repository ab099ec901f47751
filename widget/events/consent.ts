import type { ConsentAnswer } from '../../bridge/index.js';

export interface ConsentDetail {
  toolCallId: string;
  answer: ConsentAnswer;
}

/**
 * Fired by `<webmcp-tool-card>` when the user answers its consent prompt. It bubbles up to the
 * panel that owns the card but is not composed: it never leaves the widget's shadow root. Not
 * cancelable.
 */
export class ConsentEvent extends Event {
  static readonly type = 'webmcp-chat-consent';
  readonly detail: ConsentDetail;

  constructor(detail: ConsentDetail) {
    super(ConsentEvent.type, { bubbles: true, composed: false, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'webmcp-chat-consent': ConsentEvent;
  }
}
