import { LitElement, html, type PropertyValues } from 'lit';
import { chatMessageStyles } from './chat-message.styles.js';
import { MarkdownRenderer } from './markdown/index.js';

export type MessageRole = 'user' | 'assistant' | 'welcome' | 'error';

/** Characters compared to notice that a streamed `text` was replaced rather than extended. */
const TAIL_CHECK = 64;

const isMarkdown = (role: MessageRole): boolean => role === 'assistant' || role === 'welcome';

/**
 * One message bubble. Assistant and welcome messages are model text rendered as markdown,
 * incrementally while `streaming`: when `text` grows, only the new part is parsed. A caller that
 * has the deltas calls `appendText(delta)`, which never looks at the text before it; setting `text`
 * also works (while streaming it is trusted to only grow, checked on its last characters). User and
 * error messages are plain text. Links open in a new tab and are limited to `https:`, `http:` and
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
 * message.appendText(' and more');    // the same, without touching the text before it
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
  /** The text the renderer has been given so far (a reference: never scanned while streaming). */
  #rendered = '';
  /** Deltas from `appendText` not rendered yet, and the `text` they add up to. */
  #pending: string[] = [];
  #expected: string | undefined;

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
    const pending = this.#pending;
    const appended = this.#expected !== undefined && text === this.#expected;
    this.#pending = [];
    this.#expected = undefined;
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
    if (
      appended &&
      !renderer.ended &&
      this.#rendered.length + pending.reduce((n, d) => n + d.length, 0) === text.length
    ) {
      // only the deltas are parsed; the text before them is never read
      for (const delta of pending) renderer.append(delta);
      this.#rendered = text;
    } else if (text !== this.#rendered) {
      if (!renderer.ended && this.#extends(text)) {
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

  /**
   * Whether `text` is the rendered text plus more. While streaming the text is documented to only
   * grow, so only its last characters are compared (a replacement still shows up there); once the
   * stream is over the whole prefix is compared.
   */
  #extends(text: string): boolean {
    const before = this.#rendered;
    if (text.length < before.length) return false;
    if (!this.streaming) return text.startsWith(before);
    const from = Math.max(0, before.length - TAIL_CHECK);
    return text.startsWith(before.slice(from), from);
  }

  /** Adds `delta` to the text; while streaming, only `delta` is parsed. */
  appendText(delta: string): void {
    if (delta === '') return;
    this.#pending.push(delta);
    this.text = (this.text ?? '') + delta;
    this.#expected = this.text;
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
