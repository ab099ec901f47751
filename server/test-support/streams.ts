/**
 * Stream helpers for the server's tests: an SSE reader that can stop part-way (a dropped
 * connection), and a model the test holds mid-run. Not a test file.
 */
import { expect } from 'vitest';
import { streamEventSchema } from '../../bridge/protocol/schemas.js';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { ModelAdapter, ModelEvent } from '../models/types.js';
import { SseReader } from './sse-reader.js';

/** A `turn_start` frame of `exec_1` at `seq`: the simplest event for tests of hubs and streams. */
export const turn = (seq: number): StreamEvent => ({
  type: 'turn_start',
  executionId: 'exec_1',
  seq,
  id: 'turn_1',
  iteration: 1,
});

/** An {@link SseReader} for the server's own tests: a 200 is asserted and every frame is checked against the wire schema. */
export class FrameReader extends SseReader {
  constructor(res: Response) {
    expect(res.status).toBe(200);
    super(res);
  }

  protected override parse(data: string): StreamEvent {
    return streamEventSchema.parse(JSON.parse(data));
  }
}

/**
 * A scripted model that streams `before`, then waits until `open()` is called, then streams
 * `after` and stops: a run the test can hold mid-segment. `waiting` resolves once it is held.
 */
export function gatedModel(
  before = ['one '],
  after = ['two'],
): { createModel: () => ModelAdapter; open(): void; waiting: Promise<void> } {
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
