import { InvalidResponseDataError, JSONParseError } from '@ai-sdk/provider';
import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { ProviderError } from './errors.js';
import { EventMapper, stopReason } from './events.js';

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 1, text: 1, reasoning: 0 },
};
const finish = (
  unified: 'stop' | 'tool-calls' | 'length' | 'other' | 'content-filter' | 'error',
): LanguageModelV3StreamPart => ({ type: 'finish', usage, finishReason: { unified, raw: undefined } });

function map(parts: LanguageModelV3StreamPart[]) {
  const mapper = new EventMapper('Test model');
  return [...parts.flatMap((p) => mapper.push(p)), mapper.end()];
}

describe('EventMapper', () => {
  it('maps text, reasoning and a streamed tool call; drops empty deltas and bookkeeping parts', () => {
    const events = map([
      { type: 'stream-start', warnings: [] },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'hmm' },
      { type: 'reasoning-delta', id: 'r', delta: '' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Sure.' },
      { type: 'text-end', id: 't' },
      { type: 'tool-input-start', id: 'call_1', toolName: 'webmcp__get_cart' },
      { type: 'tool-input-delta', id: 'call_1', delta: '{"a"' },
      { type: 'tool-input-delta', id: 'call_1', delta: ':1}' },
      { type: 'tool-input-end', id: 'call_1' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'webmcp__get_cart', input: '{"a":1}' },
      finish('tool-calls'),
    ]);
    expect(events).toEqual([
      { type: 'reasoning-delta', delta: 'hmm' },
      { type: 'text-delta', delta: 'Sure.' },
      { type: 'tool-call-start', id: 'call_1', name: 'webmcp__get_cart' },
      { type: 'tool-call-delta', id: 'call_1', argumentsDelta: '{"a"' },
      { type: 'tool-call-delta', id: 'call_1', argumentsDelta: ':1}' },
      { type: 'tool-call', id: 'call_1', name: 'webmcp__get_cart', arguments: '{"a":1}' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
  });

  it('opens a call that arrives whole, and turns "" arguments into {}', () => {
    expect(map([{ type: 'tool-call', toolCallId: 'c', toolName: 'x', input: ' ' }, finish('stop')])).toEqual([
      { type: 'tool-call-start', id: 'c', name: 'x' },
      { type: 'tool-call', id: 'c', name: 'x', arguments: '{}' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
  });

  it('ignores calls the provider executed itself', () => {
    expect(
      map([
        { type: 'tool-call', toolCallId: 'w', toolName: 'web_search', input: '{}', providerExecuted: true },
        finish('stop'),
      ]),
    ).toEqual([{ type: 'finish', reason: 'stop' }]);
  });

  it('throws a stream error, a malformed-frame error and an unfinished error for the SDK error parts', () => {
    const mapper = new EventMapper('Test model');
    expect(() => mapper.push({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })).toThrow(
      new ProviderError('Test model reported an error mid-stream: overloaded_error: Overloaded', 'stream-error'),
    );
    const bad = new JSONParseError({ text: '{"cut', cause: new Error('Unterminated string') });
    expect(() => mapper.push({ type: 'error', error: bad })).toThrow(/^Test model sent a malformed stream frame: /);
    const noFinish = new InvalidResponseDataError({
      data: undefined,
      message: 'Response stream ended without a finish reason.',
    });
    expect(() => mapper.push({ type: 'error', error: noFinish })).toThrow(
      'Test model: the stream ended before the model finished its answer',
    );
  });

  it('throws when the stream ends without a finish part', () => {
    const mapper = new EventMapper('Test model');
    mapper.push({ type: 'text-delta', id: 't', delta: 'half' });
    expect(() => mapper.end()).toThrow(expect.objectContaining({ kind: 'unfinished' }));
  });
});

describe('stopReason', () => {
  it('lets the calls decide between stop and tool_calls, keeps length', () => {
    const reasons = (['stop', 'tool-calls', 'other', 'content-filter', 'length'] as const).map((unified) => [
      stopReason({ unified, raw: undefined }, false),
      stopReason({ unified, raw: undefined }, true),
    ]);
    expect(reasons).toEqual([
      ['stop', 'tool_calls'],
      ['stop', 'tool_calls'],
      ['stop', 'tool_calls'],
      ['stop', 'tool_calls'],
      ['length', 'length'],
    ]);
  });
});
