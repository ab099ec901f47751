import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { CONSENT_POLICIES, type ConsentAnswer, type ConsentPolicy } from '../bridge/index.js';
import { ChatController, ChatStatus, type ChatItem, type PersistMode } from './controllers/chat-controller.js';
import './tool-card.js';
import { webmcpChatStyles } from './webmcp-chat.styles.js';

const STATUS_TEXT: Partial<Record<ChatStatus, string>> = {
  [ChatStatus.connecting]: 'Connecting…',
  [ChatStatus.thinking]: 'The assistant is working…',
  [ChatStatus.waitingForTools]: 'Waiting for the page’s tools…',
};

/**
 * A chat assistant that can use the page's WebMCP tools.
 *
 * @csspart launcher - the floating button that opens the panel
 * @csspart panel - the chat panel
 * @csspart log - the message list
 * @csspart message - one message bubble
 * @csspart tool-card - one tool call card
 * @csspart input - the message text box
 * @csspart send - the send button
 * @csspart stop - the stop button
 * @cssproperty --webmcp-chat-accent - accent colour (launcher, user bubbles, buttons)
 * @cssproperty --webmcp-chat-surface - panel background
 * @cssproperty --webmcp-chat-fg - text colour
 * @cssproperty --webmcp-chat-font - font family
 */
export class WebmcpChat extends LitElement {
  static override styles = webmcpChatStyles;

  static override properties = {
    clientToken: { attribute: 'client-token' },
    apiUrl: { attribute: 'api-url' },
    mode: { reflect: true },
    open: { type: Boolean, reflect: true },
    heading: {},
    consentPolicy: { attribute: 'consent-policy' },
    toolTimeout: { attribute: 'tool-timeout', type: Number },
    toolTimeouts: { attribute: false },
    persist: {},
    debug: { type: Boolean },
  };

  private readonly chat = new ChatController(this, {
    apiUrl: () => this.apiUrl,
    clientToken: () => this.clientToken,
    consentPolicy: () => (CONSENT_POLICIES.includes(this.consentPolicy) ? this.consentPolicy : 'ask-consequential'),
    timeoutFor: (name) => this.toolTimeouts[name] ?? (this.toolTimeout > 0 ? this.toolTimeout : undefined),
    persist: () => (this.persist === 'local' || this.persist === 'none' ? this.persist : 'session'),
  });

  /** The surface's public client token (`ct_live_…`). */
  declare clientToken: string;
  /** Base URL of the API server. */
  declare apiUrl: string;
  /** `floating` (launcher + panel) or `inline` (fills its container). */
  declare mode: 'floating' | 'inline';
  /** Whether the floating panel is open. */
  declare open: boolean;
  /** Panel heading text. */
  declare heading: string;
  /** When to ask before a page tool runs: `always-ask`, `ask-consequential` (default) or `never-ask`. */
  declare consentPolicy: ConsentPolicy;
  /** Default per-call timeout for page tools, in ms (30 000 when unset). */
  declare toolTimeout: number;
  /** Per-tool timeouts in ms, by tool name; they win over `tool-timeout`. */
  declare toolTimeouts: Record<string, number>;
  /** Where the conversation survives a reload: `session` (default), `local` or `none`. */
  declare persist: PersistMode;
  /** Shows which page tools are offered to the model and why others are not. */
  declare debug: boolean;

  constructor() {
    super();
    this.clientToken = '';
    this.apiUrl = '';
    this.mode = 'floating';
    this.open = false;
    this.heading = 'Shop assistant';
    this.consentPolicy = 'ask-consequential';
    this.toolTimeout = 0;
    this.toolTimeouts = {};
    this.persist = 'session';
    this.debug = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('open') && this.open) || (changed.has('mode') && this.mode === 'inline')) {
      void this.chat.connect();
    }
    if (changed.has('open') && this.open && this.mode === 'floating') {
      this.renderRoot.querySelector<HTMLTextAreaElement>('textarea')?.focus();
    }
    const log = this.renderRoot.querySelector('.log');
    if (log) log.scrollTop = log.scrollHeight;
  }

  #toggle(): void {
    this.open = !this.open;
    if (!this.open) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('.launcher')?.focus());
  }

  #submit(event: Event): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector('textarea')!;
    const text = input.value;
    if (!text.trim() || this.chat.busy) return;
    input.value = '';
    void this.chat.send(text);
  }

  #keydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.#submit(event);
  }

  #panelKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.mode === 'floating') {
      event.stopPropagation();
      this.#toggle();
    }
  }

  #consent(event: CustomEvent<{ toolCallId: string; answer: ConsentAnswer }>): void {
    this.chat.answerConsent(event.detail.toolCallId, event.detail.answer);
  }

  /** Opens the floating panel. */
  show(): void {
    this.open = true;
  }

  /** Closes the floating panel. */
  hide(): void {
    this.open = false;
  }

  /** Sends `text` as the user; resolves when the run is over. */
  send(text: string): Promise<void> {
    return this.chat.send(text);
  }

  /** Stops the run in flight and its tool calls. */
  stop(): void {
    this.chat.stop();
  }

  /** Clears the conversation; the next message starts a new session. */
  clear(): void {
    this.chat.clear();
  }

  #renderDebug() {
    const tools = this.chat.tools;
    if (!this.debug || !tools) return nothing;
    return html`<details part="debug" class="debug">
      <summary>Page tools: ${tools.clientTools.length} offered, ${tools.dropped.length} left out</summary>
      <ul>
        ${tools.clientTools.map((t) => html`<li data-offered=${t.name}>${t.name}</li>`)}
        ${tools.dropped.map((d) => html`<li data-dropped=${d.name}>${d.name} — ${d.reason}</li>`)}
      </ul>
    </details>`;
  }

  #renderItem(item: ChatItem) {
    if (item.kind === 'tool') {
      return html`<webmcp-tool-card
        part="tool-card"
        tool-call-id=${item.id}
        name=${item.name}
        tool-title=${item.title}
        .parameters=${item.parameters}
        status=${item.status}
        .result=${item.result}
        .durationMs=${item.durationMs}
      ></webmcp-tool-card>`;
    }
    return html`<div part="message" class="message ${item.role}" data-role=${item.role} ?data-streaming=${item.streaming}>${item.text}</div>`;
  }

  #renderPanel() {
    const floating = this.mode === 'floating';
    const busy = this.chat.busy;
    const statusText = STATUS_TEXT[this.chat.status];
    return html`<section
      part="panel"
      class="panel ${floating ? 'floating' : 'inline'}"
      role=${floating ? 'dialog' : 'region'}
      aria-modal=${floating ? 'true' : nothing}
      aria-labelledby="heading"
      @keydown=${this.#panelKeydown}
      @webmcp-chat-consent=${this.#consent}
    >
      <header>
        <h2 id="heading">${this.heading}</h2>
        ${floating ? html`<button class="close" aria-label="Close chat" @click=${this.#toggle}>×</button>` : nothing}
      </header>
      <div part="log" class="log" role="log" aria-label="Conversation">
        ${this.chat.welcome ? html`<div part="message" class="message welcome" data-role="welcome">${this.chat.welcome}</div>` : nothing}
        ${this.chat.items.map((item) => this.#renderItem(item))}
        ${statusText ? html`<div class="status-line" role="status">${statusText}</div>` : nothing}
      </div>
      ${this.#renderDebug()}
      <div class="sr-only" aria-live="polite">${this.chat.announcement}</div>
      <form @submit=${this.#submit}>
        <textarea
          part="input"
          rows="1"
          aria-label="Message"
          placeholder=${this.chat.placeholder || 'Ask something…'}
          @keydown=${this.#keydown}
        ></textarea>
        ${busy
          ? html`<button part="stop" class="stop" type="button" @click=${() => this.chat.stop()}>Stop</button>`
          : html`<button part="send" class="send" type="submit">Send</button>`}
      </form>
    </section>`;
  }

  override render() {
    if (this.mode === 'inline') return this.#renderPanel();
    return html`${this.open ? this.#renderPanel() : nothing}
      <button
        part="launcher"
        class="launcher"
        aria-label=${this.open ? 'Close chat' : 'Open chat'}
        aria-expanded=${this.open ? 'true' : 'false'}
        @click=${this.#toggle}
      >
        <svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
          <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />
        </svg>
      </button>`;
  }
}

if (!customElements.get('webmcp-chat')) customElements.define('webmcp-chat', WebmcpChat);

declare global {
  interface HTMLElementTagNameMap {
    'webmcp-chat': WebmcpChat;
  }
}
