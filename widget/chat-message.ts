import { LitElement, html, type PropertyValues } from 'lit';
import { chatMessageStyles } from './chat-message.styles.js';
import { MarkdownRenderer } from './markdown/index.js';

export type MessageRole = 'user' | 'assistant' | 'welcome' | 'error';

/** Characters compared to notice that a streamed `text` was replaced rather than extended. */
const TAIL_CHECK = 64;

const isMarkdown = (role: MessageRole): boolean => role === 'assistant' || role === 'welcome';

/**
 * One message bubble. Assistant and welcome messages are model text rendered as markdown,
 * incrementally while `streaming`. A caller that has the deltas calls `appendText(delta)`: the
 * element hands the renderer only the new text, at once, without a Lit update and without ever
 * reading the text before it (deltas that arrive while an update is due are rendered by it).
 * Setting `text` also works (while streaming it is trusted to only grow, checked on its last
 * characters). User and error messages are plain text. Links open in a new tab and are limited to
 * `https:`, `http:` and `mailto:`; images are shown as a "Load image" button and fetched only when
 * the user asks.
 *
 * The role and streaming state are reflected as `data-role` and `data-streaming` (never as the
 * ARIA `role` attribute).
 *
 * @example
 * const message = document.createElement('webmcp-chat-message');
 * message.role = 'assistant';
 * message.streaming = true;
 * message.appendText('Here **is**'); // renders
 * message.appendText(' more');       // parses only " more"
 * message.streaming = false;         // the last line becomes final
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
    text: { noAccessor: true },
    streaming: { type: Boolean, attribute: 'data-streaming', reflect: true },
    headingOffset: { type: Number, attribute: 'heading-offset' },
    imageLabel: { attribute: false },
  };

  /** `user`, `assistant`, `welcome` or `error`. */
  declare role: MessageRole;
  /** True while more text may arrive. */
  declare streaming: boolean;
  /** Added to markdown heading levels: with the default 2, `#` renders as `<h3>` below the panel's title. */
  declare headingOffset: number;
  /** Text of the button that loads an image (for translations); default `Load image: <alt>`. */
  declare imageLabel: ((alt: string) => string) | undefined;

  #text = '';
  /** True when `text` was set (not appended) since the last update. */
  #replaced = false;
  #renderer: MarkdownRenderer | undefined;
  /** The text the renderer has been given so far (a reference: never scanned while streaming). */
  #rendered = '';
  /** Deltas from `appendText` not rendered yet. */
  #pending: string[] = [];

  constructor() {
    super();
    this.role = 'assistant';
    this.streaming = false;
    this.headingOffset = 2;
    this.imageLabel = undefined;
  }

  /** The whole text so far (it only grows while streaming). */
  get text(): string {
    return this.#text;
  }

  set text(value: string) {
    const old = this.#text;
    if ((value ?? '') === old) return;
    this.#text = value ?? '';
    this.#replaced = true;
    this.#pending = [];
    this.requestUpdate('text', old);
  }

  /** Adds `delta` to the text; while streaming, only `delta` is parsed. */
  appendText(delta: string): void {
    if (delta === '') return;
    const old = this.#text;
    this.#text = old + delta;
    const renderer = this.#renderer;
    // the renderer is live and no update is due: render the delta now, without one (no microtask either:
    // scheduling one per delta costs more than rendering a few characters)
    if (renderer && !renderer.ended && !this.isUpdatePending && isMarkdown(this.role)) {
      renderer.append(delta);
      this.#rendered = this.#text;
      return;
    }
    this.#pending.push(delta);
    this.requestUpdate('text', old);
  }

  protected override updated(changed: PropertyValues<this>): void {
    const box = this.renderRoot.querySelector<HTMLElement>('.content')!;
    const text = this.#text;
    const pending = this.#pending;
    const replaced = this.#replaced;
    this.#pending = [];
    this.#replaced = false;
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
    if (!replaced && !renderer.ended && pending.length > 0 && this.#rendered !== '') {
      // only the deltas are parsed; the text before them is never read
      renderer.append(pending.join(''));
    } else if (text !== this.#rendered) {
      if (!renderer.ended && this.#extends(text)) {
        renderer.append(text.slice(this.#rendered.length));
      } else {
        // the text was replaced, not extended: start over
        renderer.reset();
        renderer.append(text);
      }
    }
    this.#rendered = text;
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
