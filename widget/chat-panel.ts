import { html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { CONSENT_POLICIES } from '../bridge/index.js';
import { feedMessages, renderDebug, renderStatus } from './chat-panel.parts.js';
import { chatPanelStyles } from './chat-panel.styles.js';
import { ChatController } from './controllers/chat-controller.js';
import { ModalKeysController } from './controllers/modal-keys.js';
import type { ConsentEvent } from './events/consent.js';
import { format, hasLocale, loadLocale, stringsFor, type Strings } from './i18n/index.js';
import { spokenText } from './spoken-text.js';
import './chat-message.js';
import './tool-card.js';
import { WebmcpChatPanelProperties } from './chat-panel.properties.js';
import { renderItem, renderMessage } from './chat-panel.item.js';

/**
 * The chat panel inside `<webmcp-chat>`, loaded on demand: header, message log with tool cards,
 * typing and waiting states, retry after an error, and the composer with send and stop. Floating,
 * it is a modal dialog: Tab cycles inside it and Esc asks to close. Its host element sets every
 * property; the page talks to `<webmcp-chat>`, which re-exports these parts.
 *
 * @fires webmcp-chat-panel-close - (internal, not bubbling) the user asked to close the floating panel.
 * @csspart panel - the dialog or region
 * @csspart log - the message list
 * @csspart message - one message bubble (`data-role`)
 * @csspart tool-card - one tool call card
 * @csspart typing - the typing indicator
 * @csspart retry - the retry button after an error
 * @csspart input - the message text box
 * @csspart send - the send button
 * @csspart stop - the stop button
 * @csspart debug - the offered and left-out tools
 */
export class WebmcpChatPanel extends WebmcpChatPanelProperties {
  static override styles = chatPanelStyles;

  private readonly chat = new ChatController(this, {
    apiUrl: () => this.apiUrl,
    clientToken: () => this.clientToken,
    consentPolicy: () => (CONSENT_POLICIES.includes(this.consentPolicy) ? this.consentPolicy : 'ask-consequential'),
    timeoutMs: (name) => this.toolTimeouts[name] ?? (this.toolTimeout > 0 ? this.toolTimeout : undefined),
    persist: () => (this.persist === 'local' || this.persist === 'none' ? this.persist : 'session'),
    strings: () => this.#strings,
    describeCall: (detail) => this.describeCall?.(detail),
    onTextDelta: (id, delta) => {
      const queue = this.#deltas.get(id);
      if (queue) queue.push(delta);
      else this.#deltas.set(id, [delta]);
    },
  });

  private readonly keys = new ModalKeysController(this, {
    modal: () => this.mode === 'floating',
    first: () => this.renderRoot.querySelector('header button'),
    last: () => this.renderRoot.querySelector('form button'),
    close: () => this.#requestClose(),
  });

  #strings: Strings = stringsFor('en');
  /** The messages' "load image" label in the current language (a new function re-renders them). */
  #imageLabel = (alt: string) => format(this.#strings.loadImage, { alt });
  /** Whether the log follows new content (the user has not scrolled up to read). */
  #follow = true;
  /** Where the log was last scrolled to by the panel itself; a reader scrolling up goes above it. */
  #autoTop = 0;
  /** What the live region says now: the rendered text of the last finished message, or a notice. */
  #spoken = '';
  #spokenFor: ChatController['announcement'] | undefined;
  /** Keeps the log at the latest message when it appears or changes size (reopened, rotated, keyboard). */
  #resize = new ResizeObserver(() =>
    // Next frame: sizing the text box changes the log's size, which must not re-enter this observer.
    requestAnimationFrame(() => {
      this.#autosize();
      if (this.#follow) this.#toLatest();
    }),
  );
  #placeholder = '';
  /** Streaming messages' text pieces not yet handed to their element, by message id. */
  #deltas = new Map<string, string[]>();

  override connectedCallback(): void {
    super.connectedCallback();
    void this.chat.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
  }

  protected override firstUpdated(): void {
    this.#resize.observe(this.renderRoot.querySelector('.log')!);
    this.#autosize();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const locale = this.locale;
    if (changed.has('locale') && !hasLocale(locale)) {
      // A language set after the panel loaded: English until its strings arrive (English if they fail).
      loadLocale(locale).then(
        () => this.locale === locale && this.requestUpdate('locale', 'en'),
        () => undefined,
      );
    }
    if (changed.has('locale') || changed.has('strings')) {
      const strings = (this.#strings = stringsFor(this.locale, this.strings));
      this.#imageLabel = (alt) => format(strings.loadImage, { alt });
    }
    // The content's language, for screen readers (English when the page's language is not shipped).
    if (changed.has('locale')) this.lang = this.locale;
  }

  protected override updated(): void {
    feedMessages(this.#deltas, this.chat.items, this.renderRoot);
    // After the messages have rendered their new text.
    if (this.#follow) requestAnimationFrame(() => this.#follow && this.#toLatest());
    const placeholder = this.chat.placeholder || this.#strings.placeholder;
    if (placeholder !== this.#placeholder) {
      this.#placeholder = placeholder;
      this.#autosize();
    }
    const announcement = this.chat.announcement;
    if (announcement !== this.#spokenFor) {
      this.#spokenFor = announcement;
      void this.#speak(announcement);
    }
  }

  /** Speaks a finished reply as it was rendered (its text, not its markdown). */
  async #speak(announcement: ChatController['announcement']): Promise<void> {
    let text = announcement.text;
    const id = announcement.messageId;
    const message = id ? this.renderRoot.querySelector(`[data-message-id="${CSS.escape(id)}"]`) : null;
    if (message?.localName === 'webmcp-chat-message') {
      await (message as HTMLElementTagNameMap['webmcp-chat-message']).updateComplete;
      text = spokenText(message.shadowRoot ?? message) || text;
    }
    if (this.chat.announcement !== announcement) return; // overtaken by a newer one
    this.#spoken = text;
    this.requestUpdate();
  }

  #toLatest(): void {
    const log = this.renderRoot.querySelector<HTMLElement>('.log');
    if (!log) return;
    log.scrollTop = log.scrollHeight;
    this.#autoTop = log.scrollTop;
  }

  #onScroll(event: Event): void {
    const log = event.currentTarget as HTMLElement;
    const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
    // Content that grew after the panel scrolled is not the reader leaving: only moving up is.
    const follow = atEnd || (this.#follow && log.scrollTop >= this.#autoTop - 2);
    if (follow !== this.#follow) {
      this.#follow = follow;
      this.requestUpdate();
    }
  }

  #jumpToLatest(): void {
    this.#follow = true;
    this.#toLatest();
    this.requestUpdate();
    this.focusFirst(); // the button is about to go
  }

  /** Grows the text box with its text (and its placeholder, which must never be clipped). */
  #autosize(): void {
    const input = this.renderRoot.querySelector('textarea');
    if (!input) return;
    const empty = input.value === '';
    if (empty) input.value = input.placeholder;
    const before = input.style.height;
    input.style.height = 'auto';
    const height = `${input.scrollHeight + input.offsetHeight - input.clientHeight}px`;
    input.style.height = before === height ? before : height;
    if (empty) input.value = '';
  }

  #newConversation(): void {
    this.chat.clear();
    this.#follow = true;
    this.focusFirst();
  }

  #suggest(text: string): void {
    this.focusFirst(); // the chips are about to go
    void this.chat.send(text);
  }

  #requestClose(): void {
    this.dispatchEvent(new Event('webmcp-chat-panel-close'));
  }

  #submit(event: Event): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector('textarea')!;
    if (!input.value.trim() || this.chat.busy) return;
    const text = input.value;
    input.value = '';
    this.#autosize();
    this.#follow = true;
    void this.chat.send(text);
  }

  /** One button, so focus stays on it while it turns from send into stop and back. */
  #sendOrStop(event: Event): void {
    if (!this.chat.busy) return; // the form submits
    event.preventDefault();
    this.chat.stop();
  }

  #consent(event: ConsentEvent): void {
    event.stopPropagation();
    this.chat.answerConsent(event.detail.toolCallId, event.detail.answer);
  }

  #retry(): void {
    this.focusFirst(); // the retry button is about to go
    void this.chat.retry();
  }

  #inputKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.#submit(event);
  }

  /** Sends `text` as the user; resolves when the run is over. */
  send(text: string): Promise<void> {
    return this.chat.send(text);
  }

  /** Moves focus into the panel, to the text box. */
  focusFirst(): void {
    this.renderRoot.querySelector('textarea')?.focus();
  }

  /** Stops the run in flight and its tool calls. */
  stop(): void {
    this.chat.stop();
  }

  /** Clears the conversation; the next message starts a new session. */
  clear(): void {
    this.chat.clear();
  }

  override render() {
    const s = this.#strings;
    const floating = this.mode === 'floating';
    const chat = this.chat;
    const title = this.heading || s.heading;
    return html`<section
      part="panel"
      class="panel"
      role=${floating ? 'dialog' : 'region'}
      aria-modal=${floating ? 'true' : nothing}
      aria-labelledby="heading"
      @keydown=${this.keys.keydown}
      @webmcp-chat-consent=${this.#consent}
    >
      <header>
        <div id="heading" class="title" role="heading" aria-level=${this.headingLevel}>${title}</div>
        ${
          chat.items.length > 0
            ? html`<button
                part="new-conversation"
                class="icon new"
                type="button"
                aria-label=${s.newConversation}
                title=${s.newConversation}
                @click=${this.#newConversation}
              >
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z" /></svg>
              </button>`
            : nothing
        }
        ${
          floating
            ? html`<button class="icon close" type="button" aria-label=${s.closeChat} @click=${this.#requestClose}>
                <svg viewBox="0 0 24 24" aria-hidden="true">
                  <path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z" />
                </svg>
              </button>`
            : nothing
        }
      </header>
      <div part="log" class="log" role="log" aria-live="off" aria-label=${s.log} tabindex="0" @scroll=${this.#onScroll}>
        ${chat.welcome ? renderMessage('welcome', chat.welcome, this, this.#imageLabel) : nothing}
        ${
          chat.items.length === 0 && chat.suggestions.length > 0
            ? html`<div class="suggestions" role="group" aria-label=${s.suggestionsLabel}>
                ${chat.suggestions.map(
                  (text) =>
                    html`<button part="suggestion" class="chip" type="button" @click=${() => this.#suggest(text)}>
                      ${text}
                    </button>`,
                )}
              </div>`
            : nothing
        }
        ${repeat(
          chat.items,
          (item) => item.id,
          (item) => renderItem(item, this, s, this.#imageLabel, this.#deltas),
        )}
        ${chat.canRetry ? html`<button part="retry" class="retry" type="button" @click=${this.#retry}>${s.retry}</button>` : nothing}
        ${renderStatus(chat, s)}
      </div>
      ${
        this.#follow
          ? nothing
          : html`<button part="jump" class="jump" type="button" @click=${this.#jumpToLatest}>${s.jumpToLatest}</button>`
      }
      ${this.debug ? renderDebug(chat.tools, s) : nothing}
      <div class="sr-only" aria-live="polite">${this.#spoken}</div>
      <form @submit=${this.#submit}>
        <textarea
          part="input"
          rows="1"
          aria-label=${s.inputLabel}
          placeholder=${chat.placeholder || s.placeholder}
          @keydown=${this.#inputKeydown}
          @input=${this.#autosize}
        ></textarea>
        <button
          part=${chat.busy ? 'stop' : 'send'}
          class=${chat.busy ? 'stop' : 'send'}
          type="submit"
          @click=${this.#sendOrStop}
        >
          ${chat.busy ? s.stop : s.send}
        </button>
      </form>
    </section>`;
  }
}

if (!customElements.get('webmcp-chat-panel')) customElements.define('webmcp-chat-panel', WebmcpChatPanel);

declare global {
  interface HTMLElementTagNameMap {
    'webmcp-chat-panel': WebmcpChatPanel;
  }
}
