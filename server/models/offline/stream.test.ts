import { describe, expect, it } from 'vitest';
import type { ModelEvent } from '../types.js';
import { collectEvents, SHOP_TOOLS } from './shop-tools.fixture.js';
import { delay, emitReply, splitArguments, splitWords, toolCallId } from './stream.js';

const options = (signal = new AbortController().signal) => ({ wordDelayMs: 0, signal, messageCount: 1 });

describe('splitWords', () => {
  it('yields words with their following whitespace that join back to the text', () => {
    const text = '  Hello there,\n\nworld!  ';
    const words = splitWords(text);
    expect(words).toEqual(['  Hello ', 'there,\n\n', 'world!  ']);
    expect(words.join('')).toBe(text);
    expect(splitWords('')).toEqual([]);
    expect(splitWords('   ')).toEqual(['   ']);
  });
});

describe('splitArguments', () => {
  it('cuts JSON into 2–3 non-empty fragments that join back', () => {
    for (const json of ['{}', '{"a":1}', '{"query":"mug","maxPrice":20}']) {
      const fragments = splitArguments(json);
      expect(fragments.length).toBeGreaterThanOrEqual(2);
      expect(fragments.length).toBeLessThanOrEqual(3);
      expect(fragments.every((f) => f !== '')).toBe(true);
      expect(fragments.join('')).toBe(json);
    }
  });
});

describe('toolCallId', () => {
  it('is deterministic, numbered, and differs between steps', () => {
    expect(toolCallId(1, 3)).toBe(toolCallId(1, 3));
    expect(toolCallId(1, 3)).toMatch(/^call_1_[0-9a-z]{6}$/);
    expect(toolCallId(2, 3)).not.toBe(toolCallId(1, 3));
    expect(toolCallId(1, 5)).not.toBe(toolCallId(1, 3));
  });
});

describe('emitReply', () => {
  it('streams tool calls as start, fragments and the whole call, then finishes with tool_calls', async () => {
    const [search, cart] = SHOP_TOOLS;
    if (search === undefined || cart === undefined) throw new Error('fixture');
    const events = await collectEvents(
      emitReply(
        {
          kind: 'tool-calls',
          calls: [
            { tool: search, arguments: { query: 'mug' } },
            { tool: cart, arguments: {} },
          ],
        },
        options(),
      ),
    );
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('tool-call-start');
    expect(types.filter((t) => t === 'tool-call')).toHaveLength(2);
    expect(types.filter((t) => t === 'finish')).toHaveLength(1);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'tool_calls' });
    const first = events.find((e): e is Extract<ModelEvent, { type: 'tool-call' }> => e.type === 'tool-call');
    expect(first).toEqual({
      type: 'tool-call',
      id: toolCallId(1, 1),
      name: 'webmcp__search_products',
      arguments: '{"query":"mug"}',
    });
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(collectEvents(emitReply({ kind: 'text', text: 'hi' }, options(controller.signal)))).rejects.toThrow();
  });
});

describe('delay', () => {
  it('rejects with the abort reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = delay(60_000, controller.signal);
    controller.abort(new Error('stop now'));
    await expect(waiting).rejects.toThrow('stop now');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
