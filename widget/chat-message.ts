import { LitElement, html, type PropertyValues } from 'lit';
import { chatMessageStyles } from './chat-message.styles.js';
import { MarkdownRenderer } from './markdown/index.js';

export type MessageRole = 'user' | 'assistant' | 'welcome' | 'error';

const isMarkdown = (role: MessageRole): boolean => role === 'assistant' || role === 'welcome';

/**
 * One message bubble. Assistant and welcome messages are model text rendered as markdown,
 * incrementally while `streaming`: when `text` grows, only the new part is parsed. User and error
 * messages are plain text. Links open in a new tab and are limited to `https:`, `http:` and
 * `mailto:`; images are shown as a "Load image" button and fetched only when the user asks.
 *
 * The role and streaming state are reflected as `data-role` and `data-streaming` (never as the
 * ARIA `role` attribute).
 *
 * @example
 * const message = document.createElement('webmcp-chat-message');
 * message.role = 'assistant';
 * message.streaming = true;
 * message.text = 'Here **is**';       // renders
 * message.text = 'Here **is** more';  // parses only " more"
 * message.streaming = false;          // the last line becomes final
 *
 * @cssproperty --webmcp-chat-link - Link colour (default: the accent colour).
 * @cssproperty --webmcp-chat-code-bg - Background of code spans and blocks (default: a tint of the text colour).
 * @cssproperty --webmcp-chat-code-font - Font family of code.
 * @cssproperty --webmcp-chat-code-white-space - `pre-wrap` (default: long code lines wrap) or `pre` (they scroll).
 */
export class WebmcpChatMessage extends LitElement {
  static override styles = chatMessageStyles;

  static override properties = {
    role: { attribute: 'data-role', reflect: true },
    text: {},
    streaming: { type: Boolean, attribute: 'data-streaming', reflect: true },
    headingOffset: { type: Number, attribute: 'heading-offset' },
    imageLabel: { attribute: false },
  };

  /** `user`, `assistant`, `welcome` or `error`. */
  declare role: MessageRole;
  /** The whole text so far (it only grows while streaming). */
  declare text: string;
  /** True while more text may arrive. */
  declare streaming: boolean;
  /** Added to markdown heading levels: with the default 2, `#` renders as `<h3>` below the panel's title. */
  declare headingOffset: number;
  /** Text of the button that loads an image (for translations); default `Load image: <alt>`. */
  declare imageLabel: ((alt: string) => string) | undefined;

  #renderer: MarkdownRenderer | undefined;
  /** The text the renderer has been given so far. */
  #rendered = '';

  constructor() {
    super();
    this.role = 'assistant';
    this.text = '';
    this.streaming = false;
    this.headingOffset = 2;
    this.imageLabel = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const box = this.renderRoot.querySelector<HTMLElement>('.content')!;
    const text = this.text ?? '';
    if (!isMarkdown(this.role)) {
      this.#renderer = undefined;
      this.#rendered = '';
      if (box.textContent !== text || box.childNodes.length > 1) box.textContent = text;
      return;
    }
    if (!this.#renderer || changed.has('headingOffset') || changed.has('imageLabel')) {
      const options = {
        headingLevelOffset: this.headingOffset,
        ...(this.imageLabel ? { imageLabel: this.imageLabel } : {}),
      };
      this.#renderer = new MarkdownRenderer(box, options);
      this.#rendered = '';
    }
    const renderer = this.#renderer;
    if (text !== this.#rendered) {
      if (!renderer.ended && text.startsWith(this.#rendered)) {
        renderer.append(text.slice(this.#rendered.length));
      } else {
        // the text was replaced, not extended: start over
        renderer.reset();
        renderer.append(text);
      }
      this.#rendered = text;
    }
    if (!this.streaming && !renderer.ended) renderer.end();
  }

  override render() {
    // no bindings inside: the content's children belong to the markdown renderer, not to Lit
    return html`<div class=${isMarkdown(this.role) ? 'content md' : 'content plain'}></div>`;
  }
}

if (!customElements.get('webmcp-chat-message')) customElements.define('webmcp-chat-message', WebmcpChatMessage);

declare global {
  interface HTMLElementTagNameMap {
    'webmcp-chat-message': WebmcpChatMessage;
  }
}
