/**
 * Stream helpers for the server's tests: an SSE reader that can stop part-way (a dropped
 * connection), and a model the test holds mid-run. Not a test file.
 */
import { expect } from 'vitest';
import { streamEventSchema } from '../../bridge/protocol/schemas.js';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { ModelAdapter, ModelEvent } from '../models/types.js';

/** Reads an SSE response frame by frame, so a test can stop part-way (a dropped connection). */
export class FrameReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = '';

  constructor(res: Response) {
    expect(res.status).toBe(200);
    this.#reader = res.body!.getReader();
  }

  /** The next data frame (pings skipped), or `undefined` at the end of the stream. */
  async next(): Promise<StreamEvent | undefined> {
    for (;;) {
      const end = this.#buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (data) return streamEventSchema.parse(JSON.parse(data.slice(6)));
        continue;
      }
      const { done, value } = await this.#reader.read();
      if (done) return undefined;
      this.#buffer += this.#decoder.decode(value, { stream: true });
    }
  }

  /** The next `n` frames (fails if the stream ends first). */
  async take(n: number): Promise<StreamEvent[]> {
    const out: StreamEvent[] = [];
    while (out.length < n) {
      const event = await this.next();
      if (!event) throw new Error(`the stream ended after ${out.length} of ${n} frames`);
      out.push(event);
    }
    return out;
  }

  /** Every remaining frame. */
  async rest(): Promise<StreamEvent[]> {
    const out: StreamEvent[] = [];
    for (let e = await this.next(); e; e = await this.next()) out.push(e);
    return out;
  }

  /** Drops the connection, as a client that goes away does. */
  cancel(): Promise<void> {
    return this.#reader.cancel();
  }
}

/**
 * A scripted model that streams `before`, then waits until `open()` is called, then streams
 * `after` and stops: a run the test can hold mid-segment. `waiting` resolves once it is held.
 */
export function gatedModel(before = ['one '], after = ['two']): { createModel: () => ModelAdapter; open(): void; waiting: Promise<void> } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let held!: () => void;
  const waiting = new Promise<void>((resolve) => (held = resolve));
  const model: ModelAdapter = {
    info: { id: 'gated', label: 'Gated test model (no AI)', offline: true },
    async *stream(): AsyncGenerator<ModelEvent> {
      for (const delta of before) yield { type: 'text-delta', delta };
      held();
      await gate;
      for (const delta of after) yield { type: 'text-delta', delta };
      yield { type: 'finish', reason: 'stop' };
    },
  };
  return { createModel: () => model, open, waiting };
}
