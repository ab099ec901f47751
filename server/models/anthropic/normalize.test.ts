import { describe, expect, it } from 'vitest';
import { MessagesNormalizer } from './normalize.js';

const start = (block: Record<string, unknown>) =>
  `data: ${JSON.stringify({ type: 'content_block_start', index: 0, content_block: block })}`;

describe('MessagesNormalizer', () => {
  it('fills a missing or blank tool_use id deterministically', () => {
    const a = new MessagesNormalizer('{"model":"m"}');
    const missing = JSON.parse(a.line(start({ type: 'tool_use', name: 'x', input: {} })).slice(6));
    const blank = JSON.parse(a.line(start({ type: 'tool_use', id: ' ', name: 'y', input: {} })).slice(6));
    expect(missing.content_block).toEqual({
      type: 'tool_use',
      name: 'x',
      input: {},
      id: expect.stringMatching(/^toolu_[0-9a-f]{12}_0$/),
    });
    expect(blank.content_block.id).toMatch(/^toolu_[0-9a-f]{12}_1$/);
    expect(new MessagesNormalizer('{"model":"m"}').line(start({ type: 'tool_use', name: 'x', input: {} }))).toBe(
      `data: ${JSON.stringify(missing)}`,
    );
  });

  it('leaves every other line byte for byte', () => {
    const n = new MessagesNormalizer('{}');
    const lines = [
      'event: content_block_start',
      start({ type: 'tool_use', id: 'toolu_1', name: 'x', input: {} }),
      start({ type: 'text', text: '"tool_use"' }),
      'data: {"type": "ping"}',
      'data: {"cut "tool_use"',
    ];
    expect(lines.map((l) => n.line(l))).toEqual(lines);
  });
});
