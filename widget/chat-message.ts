import { LitElement, css, html } from 'lit';

/**
 * One message bubble. Assistant and welcome messages are model text rendered as markdown,
 * incrementally while `streaming`; user and error messages are plain text.
 * (Contract used by the panel: properties `role`, `text`, `streaming`.)
 */
export class WebmcpChatMessage extends LitElement {
  static override styles = css`
    :host {
      display: block;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
  `;

  static override properties = {
    role: { reflect: true },
    text: {},
    streaming: { type: Boolean, reflect: true },
  };

  /** `user`, `assistant`, `welcome` or `error`. */
  declare role: 'user' | 'assistant' | 'welcome' | 'error';
  /** The whole text so far (it only grows while streaming). */
  declare text: string;
  /** True while more text may arrive. */
  declare streaming: boolean;

  constructor() {
    super();
    this.role = 'assistant';
    this.text = '';
    this.streaming = false;
  }

  override render() {
    return html`${this.text}`;
  }
}

if (!customElements.get('webmcp-chat-message')) customElements.define('webmcp-chat-message', WebmcpChatMessage);

declare global {
  interface HTMLElementTagNameMap {
    'webmcp-chat-message': WebmcpChatMessage;
  }
}
