import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import { fromStored, joinDeltas, toStored, type StoredEvent } from './stored-frames.js';

const exec = 'exec_1';
/** A live stream: start, a text in `words`, its complete frame, the end. */
function liveStream(words: readonly string[]): StreamEvent[] {
  const events: StreamEvent[] = [
    { type: 'turn_start', executionId: exec, seq: 1, id: 'turn_1', iteration: 1 },
    { type: 'text_start', executionId: exec, seq: 2, id: 'text_1' },
  ];
  for (const delta of words)
    events.push({ type: 'text_delta', executionId: exec, seq: events.length + 1, id: 'text_1', delta });
  events.push({ type: 'text_complete', executionId: exec, seq: events.length + 1, id: 'text_1', text: words.join('') });
  events.push({
    type: 'execution_complete',
    executionId: exec,
    seq: events.length + 1,
    kind: 'agent',
    success: true,
    stopReason: 'end_turn',
    completedAt: '2026-01-01T00:00:00.000Z',
  });
  return events;
}

/** What `Store.listEvents(exec, after)` returns for these stored frames. */
const after = (rows: readonly StoredEvent[], n: number) => rows.filter((r) => r.seq > n);

describe('stored frames', () => {
  const words = ['Grüße ', '👋 ', 'a', ' line\r\n', 'and ', 'more'];
  const live = liveStream(words);
  // Two flushes: the first three deltas, then the rest.
  const stored = [...toStored(live.slice(0, 5)), ...toStored(live.slice(5))];

  it('keeps one frame per flushed run of deltas, and complete frames without their text', () => {
    expect(stored.map((r) => r.type)).toEqual([
      'turn_start',
      'text_start',
      'text_delta',
      'text_delta',
      'text_complete',
      'execution_complete',
    ]);
    expect(stored[2]).toMatchObject({ seq: 5, delta: 'Grüße 👋 a', parts: [6, 3, 1] });
    expect(stored[3]).toMatchObject({ seq: 8, delta: ' line\r\nand more' });
    expect(stored[4]).not.toHaveProperty('text');
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(live).length);
  });

  it('replays from every seq exactly what a live reader had not seen yet, with the same text', async () => {
    for (let n = 0; n <= live.length; n++) {
      const replay = await fromStored(after(stored, n), n, async () => stored);
      const rest = live.filter((e) => e.seq > n);
      expect(joinDeltas(replay)).toEqual(joinDeltas(rest));
      // no storage field reaches a reader
      expect(JSON.stringify(replay)).not.toMatch(/"parts"|"fromDeltas"/);
    }
  });

  it('joins only deltas of one text whose seqs follow each other', () => {
    const other: StreamEvent = { type: 'text_delta', executionId: exec, seq: 9, id: 'text_2', delta: 'x' };
    const gap: StreamEvent = { type: 'text_delta', executionId: exec, seq: 11, id: 'text_2', delta: 'y' };
    expect(toStored([...live.slice(2, 4), other, gap]).map((r) => r.seq)).toEqual([4, 9, 11]);
  });
});
