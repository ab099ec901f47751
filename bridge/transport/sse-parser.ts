/**
 * An incremental Server-Sent Events parser following the WHATWG "event stream interpretation"
 * rules: any of CRLF, LF or CR ends a line; `data` lines join with LF; comments are ignored;
 * a trailing newline of `data` is dropped; `id` persists until changed; a leading BOM is skipped.
 * Chunks may split anywhere, including between CR and LF.
 */

export interface SseMessage {
  /** `event` field, `message` when absent. */
  event: string;
  data: string;
  /** Last event id seen on the stream so far (persists across messages). */
  id: string;
  /** `retry` field in ms, when the message carried one. */
  retry?: number;
}

export class SseParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];
  #hasData = false;
  #lastId = '';
  #retry: number | undefined;
  #started = false;
  #pendingCR = false;

  constructor(private readonly onMessage: (message: SseMessage) => void) {}

  /** The id of the last dispatched message, for reconnects (`Last-Event-ID`). */
  get lastEventId(): string {
    return this.#lastId;
  }

  /** Feeds a decoded text chunk. */
  feed(chunk: string): void {
    // An empty chunk (a decoder holding back half a character) must not forget a pending CR.
    if (chunk.length === 0) return;
    if (!this.#started) {
      this.#started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    // A CR at the end of the previous chunk already ended a line; a LF right after it is part of that CRLF.
    if (this.#pendingCR && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.#pendingCR = false;
    let text = this.#buffer + chunk;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.#line(text.slice(start, i));
      if (c === 13) {
        if (i + 1 === text.length) this.#pendingCR = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    text = text.slice(start);
    this.#buffer = text;
  }

  /** Ends the stream: an unterminated final message is discarded, as the spec says. */
  end(): void {
    this.#buffer = '';
    this.#reset();
  }

  #line(line: string): void {
    if (line === '') {
      this.#dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) return; // comment, e.g. keep-alive ping
    const colon = line.indexOf(':');
    let field = line;
    let value = '';
    if (colon !== -1) {
      field = line.slice(0, colon);
      value = line.slice(colon + 1);
      if (value.charCodeAt(0) === 32) value = value.slice(1);
    }
    switch (field) {
      case 'event':
        this.#event = value;
        break;
      case 'data':
        this.#data.push(value);
        this.#hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.#lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.#retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored by the spec
    }
  }

  #dispatch(): void {
    if (!this.#hasData) {
      this.#reset();
      return;
    }
    const message: SseMessage = { event: this.#event || 'message', data: this.#data.join('\n'), id: this.#lastId };
    if (this.#retry !== undefined) message.retry = this.#retry;
    this.#reset();
    this.onMessage(message);
  }

  #reset(): void {
    this.#event = '';
    this.#data = [];
    this.#hasData = false;
    this.#retry = undefined;
  }
}
