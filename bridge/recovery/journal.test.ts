import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../test-support/memory-storage.js';
import { PauseJournal } from './journal.js';

const storage = (): Storage => new MemoryStorage();

describe('PauseJournal', () => {
  it('records a pause and each call’s progress, readable by a new instance (after a reload)', () => {
    const s = storage();
    const j = new PauseJournal(s, 'ct');
    j.begin('cs_1', 'exec_1', [
      { toolCallId: 'a', toolName: 'x', parameters: { q: 1 } },
      { toolCallId: 'b', toolName: 'y', parameters: {} },
    ]);
    j.markRunning('a');
    j.markDone('b', { content: [{ type: 'text', text: 'ok' }] });
    const read = new PauseJournal(s, 'ct').read()!;
    expect(read.executionId).toBe('exec_1');
    expect(read.calls).toEqual([
      { toolCallId: 'a', toolName: 'x', parameters: { q: 1 }, state: 'running' },
      {
        toolCallId: 'b',
        toolName: 'y',
        parameters: {},
        state: 'done',
        output: { content: [{ type: 'text', text: 'ok' }] },
      },
    ]);
  });

  it('clears only the pause it is asked to clear', () => {
    const s = storage();
    const j = new PauseJournal(s, 'ct');
    j.begin('cs_1', 'exec_2', []);
    j.clear('exec_1');
    expect(j.read()?.executionId).toBe('exec_2');
    j.clear('exec_2');
    expect(j.read()).toBeUndefined();
  });

  it('ignores a corrupted entry and survives storage that throws', () => {
    const s = storage();
    s.setItem('webmcp-chat:pause:ct', '{"executionId": 5}');
    expect(new PauseJournal(s, 'ct').read()).toBeUndefined();
    const throwing = Object.assign(new MemoryStorage(), {
      setItem: () => {
        throw new Error('QuotaExceeded');
      },
    });
    expect(() => new PauseJournal(throwing, 'ct').begin('cs', 'exec', [])).not.toThrow();
  });
});
