import type { ErrorCode, HttpStatusCode } from '../../bridge/index.js';

export interface ChatErrorDetail {
  /**
   * What failed: the server's error code (`invalid_client_token`, `session_expired`, …), a run
   * failure's code, `network_error` (the request did not reach the server), `panel_load_failed`
   * (the panel module could not be loaded) or `not_configured` (no client token or API URL). All
   * are listed in `ERROR_CODES` (`bridge/protocol/errors.ts`); `http_<status>` when the server's
   * answer named no code.
   */
  code: ErrorCode | HttpStatusCode;
  /** The friendly message shown in the chat (no URLs or browser jargon). */
  message: string;
  /** The technical detail for developers: the server's hint, the network error, the failing URL. */
  detail?: string;
}

/**
 * Fired when the chat shows an error: the server refused or failed a request, a run failed, or
 * the panel could not be loaded. Bubbles and is composed; not cancelable.
 */
export class ChatErrorEvent extends Event {
  static readonly type = 'webmcp-chat-error';
  readonly detail: ChatErrorDetail;

  constructor(detail: ChatErrorDetail) {
    super(ChatErrorEvent.type, { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'webmcp-chat-error': ChatErrorEvent;
  }
}
