/**
 * Streaming markdown into a container, incrementally. Complete lines go to the block parser for
 * good; the unfinished last line is shown as soon as it holds text — parsed as if it were complete —
 * so a list item or heading looks right while it is still being typed, and the final DOM never
 * depends on where chunks were cut. A line of markers and blanks only (`> `, `2.`, `---`) could
 * still become anything, and a code fence's first line may still change its language or turn out
 * to be text: such a line is shown once it is complete or, for the first kind, holds text. What a
 * line that holds text shows — paragraph text, a heading, a table row, a code line — more text can
 * only add to: it is kept, and more text is added without parsing the line again (see
 * `BlockParser.extendText`), so a long line costs no more per chunk than a short one.
 */
import { DECISIVE, FENCE_START } from './block-syntax.js';
import { BlockParser } from './blocks.js';
import { DomWriter, type Work } from './dom.js';

export interface MarkdownRendererOptions {
  /** Added to heading levels, so `#` can start below the page's own headings (default 0). */
  headingLevelOffset?: number;
  /** Base URL for relative links (default: the container's document base URL). */
  baseUrl?: string;
  /** Text of the button that loads an image (default `Load image: <alt>`). */
  imageLabel?: (alt: string) => string;
}

const defaultImageLabel = (alt: string): string => (alt ? `Load image: ${alt}` : 'Load image');

/**
 * Renders markdown into `container` as it streams. The container's children belong to the
 * renderer; model text only ever becomes text nodes and checked attributes.
 *
 * @example
 * const md = new MarkdownRenderer(div, { headingLevelOffset: 2 });
 * for await (const delta of stream) md.append(delta);
 * md.end();
 */
export class MarkdownRenderer {
  readonly #container: HTMLElement;
  readonly #options: MarkdownRendererOptions;
  // all set by `reset`
  #dom!: DomWriter;
  #parser!: BlockParser;
  #partial!: string;
  /** Whether the unfinished line holds a character that only text can hold. */
  #decisive!: boolean;
  #pendingCr!: boolean;
  /** The last line is shown for good and can only grow (see `BlockParser.extendText`). */
  #extending!: boolean;
  #ended!: boolean;

  constructor(container: HTMLElement, options: MarkdownRendererOptions = {}) {
    this.#container = container;
    this.#options = options;
    this.reset();
  }

  /** Work done since the last reset: characters scanned and DOM nodes created. */
  get work(): Readonly<Work> {
    return this.#dom.work;
  }

  /** True after `end()` until the next `reset()`. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Adds the next piece of text. Work is proportional to `chunk`, amortized over the stream. */
  append(chunk: string): void {
    if (this.#ended) throw new Error('MarkdownRenderer: append() after end(); call reset() first');
    let text = chunk;
    if (this.#pendingCr) text = `\r${text}`;
    // a CR at the very end may be the first half of CRLF: keep it for the next chunk
    this.#pendingCr = text.endsWith('\r');
    if (this.#pendingCr) text = text.slice(0, -1);
    if (text === '') return;
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    if (text.includes('\0')) text = text.replace(/\0/g, '\ufffd');
    if (this.#extending) {
      // more text on a line that can only be paragraph text, a heading's, a table row's or a code line's: no new parse
      const nl = text.indexOf('\n');
      if (nl !== 0) this.#parser.extendText(nl < 0 ? text : text.slice(0, nl));
      if (nl < 0) return;
      this.#parser.endLine();
      this.#extending = false;
      this.#partial = '';
      this.#decisive = false;
      text = text.slice(nl + 1);
    }
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.#parser.line(this.#partial + text.slice(start, nl));
      this.#partial = '';
      this.#decisive = false;
      start = nl + 1;
    }
    const rest = text.slice(start);
    this.#partial += rest;
    this.#decisive ||= DECISIVE.test(rest);
    this.#parser.flush();
    if (this.#decisive && !FENCE_START.test(this.#partial)) {
      // more text can only add to what the line shows: it stays, and grows without a new parse
      this.#parser.line(this.#partial, true);
      this.#parser.flush();
      this.#extending = true;
    }
  }

  /** The text is complete: the last line becomes final. */
  end(): void {
    if (this.#ended) return;
    // the shown last line is that line parsed whole: it stays (what is left is reset by `reset`)
    if (this.#extending) this.#parser.endLine();
    else if (this.#pendingCr || this.#partial !== '') this.#parser.line(this.#partial);
    this.#parser.flush();
    this.#parser.finish();
    this.#ended = true;
  }

  /** Clears the container and forgets everything. */
  reset(): void {
    this.#container.replaceChildren();
    this.#dom = new DomWriter(this.#container.ownerDocument);
    this.#parser = new BlockParser(this.#dom, this.#container, {
      headingOffset: this.#options.headingLevelOffset ?? 0,
      base: this.#options.baseUrl ?? this.#container.ownerDocument.baseURI,
      imageLabel: this.#options.imageLabel ?? defaultImageLabel,
    });
    this.#partial = '';
    this.#decisive = false;
    this.#pendingCr = false;
    this.#extending = false;
    this.#ended = false;
  }

  /** Renders a whole text at once (the same path as streaming it in one chunk). */
  renderWhole(text: string): void {
    this.reset();
    this.append(text);
    this.end();
  }
}
