export interface ChatMessageDetail {
  /** `user` (sent), `assistant` (finished streaming) or `error` (shown to the user). */
  role: 'user' | 'assistant' | 'error';
  /** The whole message text. */
  text: string;
  /** The message's id (the server's for assistant messages). */
  id: string;
}

/**
 * Fired once per finished message: when the user sends one, when an assistant message has
 * finished streaming (never per token) and when an error is shown. Bubbles and is composed; not
 * cancelable.
 *
 * @example chat.addEventListener('webmcp-chat-message', (e) => console.log(e.detail.role, e.detail.text));
 */
export class ChatMessageEvent extends Event {
  static readonly type = 'webmcp-chat-message';
  readonly detail: ChatMessageDetail;

  constructor(detail: ChatMessageDetail) {
    super(ChatMessageEvent.type, { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'webmcp-chat-message': ChatMessageEvent;
  }
}
