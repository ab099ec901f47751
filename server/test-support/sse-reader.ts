/**
 * Reads an SSE response event by event with the project's own parser (`bridge/transport`), so a
 * test or a bench can stop part-way, as a dropped connection does. No vitest here: the benchmarks
 * use it too.
 */
import type { StreamEvent } from '../../bridge/protocol/index.js';
import { SseParser, type SseMessage } from '../../bridge/transport/sse-parser.js';

export class SseReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  readonly #messages: SseMessage[] = [];
  readonly #parser = new SseParser((message) => this.#messages.push(message));
  #ended = false;
  /** `performance.now()` when the first body bytes arrived. */
  firstByteAt: number | undefined;

  constructor(res: Response) {
    if (res.status !== 200 || !res.body) throw new Error(`expected a 200 stream, got ${res.status}`);
    this.#reader = res.body.getReader();
  }

  /** The next event (comments such as pings skipped), or `undefined` at the end of the stream. */
  async next(): Promise<StreamEvent | undefined> {
    for (;;) {
      const message = this.#messages.shift();
      if (message) return this.parse(message.data);
      if (this.#ended) return undefined;
      const { done, value } = await this.#reader.read();
      if (done) {
        this.#ended = true;
        this.#parser.feed(this.#decoder.decode());
        this.#parser.end();
        continue;
      }
      this.firstByteAt ??= performance.now();
      this.#parser.feed(this.#decoder.decode(value, { stream: true }));
    }
  }

  /** The next `n` events (fails if the stream ends first). */
  async take(n: number): Promise<StreamEvent[]> {
    const out: StreamEvent[] = [];
    while (out.length < n) {
      const event = await this.next();
      if (!event) throw new Error(`the stream ended after ${out.length} of ${n} frames`);
      out.push(event);
    }
    return out;
  }

  /** Every remaining event. */
  async rest(): Promise<StreamEvent[]> {
    const out: StreamEvent[] = [];
    for (let e = await this.next(); e; e = await this.next()) out.push(e);
    return out;
  }

  /** Drops the connection, as a client that goes away does. */
  cancel(): Promise<void> {
    return this.#reader.cancel().catch(() => undefined); // already closed: nothing to drop
  }

  /** Turns a `data` field into an event; subclasses may validate. */
  protected parse(data: string): StreamEvent {
    return JSON.parse(data) as StreamEvent;
  }
}
