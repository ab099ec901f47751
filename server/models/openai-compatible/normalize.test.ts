import { describe, expect, it } from 'vitest';
import { ChatCompletionsNormalizer } from './normalize.js';

const data = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}`;
const calls = (line: string) =>
  (JSON.parse(line.slice(6)) as { choices: Array<{ delta: { tool_calls?: unknown[] } }> }).choices[0]!.delta.tool_calls;

describe('ChatCompletionsNormalizer', () => {
  it('leaves a well-formed stream byte for byte', () => {
    const n = new ChatCompletionsNormalizer('{}');
    const lines = [
      data({ role: 'assistant', content: '' }),
      data({ tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'x', arguments: '' } }] }),
      data({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] }),
      data({ tool_calls: [{ index: 1, id: 'b', type: 'function', function: { name: 'y', arguments: '{}' } }] }),
      data({}, 'tool_calls'),
      '',
      ': keep-alive',
      'data: [DONE]',
    ];
    expect(lines.map((l) => n.line(l, '\n'))).toEqual(lines);
  });

  it('gives parallel calls squeezed into index 0 their own indexes, by id', () => {
    const n = new ChatCompletionsNormalizer('{}');
    const out = [
      data({ tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'x', arguments: '' } }] }),
      data({ tool_calls: [{ index: 0, function: { arguments: '{"q":1}' } }] }),
      data({ tool_calls: [{ index: 0, id: 'b', type: 'function', function: { name: 'x', arguments: '' } }] }),
      data({ tool_calls: [{ index: 0, function: { arguments: '{"q":2}' } }] }),
    ].map((l) => calls(n.line(l, '\n')));
    expect(out).toEqual([
      [{ index: 0, id: 'a', type: 'function', function: { name: 'x', arguments: '' } }],
      [{ index: 0, function: { arguments: '{"q":1}' } }],
      [{ index: 1, id: 'b', type: 'function', function: { name: 'x', arguments: '' } }],
      [{ index: 1, function: { arguments: '{"q":2}' } }],
    ]);
  });

  it('gives calls without ids deterministic ids from the request, set with the name', () => {
    const ids = (seed: string) => {
      const n = new ChatCompletionsNormalizer(seed);
      return [
        data({ tool_calls: [{ index: 0, function: { arguments: '{"q"' } }] }),
        data({ tool_calls: [{ index: 0, type: 'function', function: { name: 'x', arguments: ':1}' } }] }),
        data({ tool_calls: [{ index: 0, type: 'function', function: { name: 'x', arguments: '{}' } }] }),
      ].map((l) => calls(n.line(l, '\n'))![0] as { id?: string; index: number });
    };
    const first = ids('{"model":"a"}');
    expect(first.map((c) => [c.index, c.id])).toEqual([
      [0, undefined], // an arguments fragment before the name: the SDK buffers it, the id comes with the name
      [0, expect.stringMatching(/^call_[0-9a-f]{12}_0$/)],
      [1, expect.stringMatching(/^call_[0-9a-f]{12}_1$/)], // a new name after finished arguments: a new call
    ]);
    expect(ids('{"model":"a"}')).toEqual(first);
    expect(ids('{"model":"b"}')[1]!.id).not.toBe(first[1]!.id);
  });

  it("adds the missing finish before [DONE], in the stream's line ending", () => {
    const n = new ChatCompletionsNormalizer('{}');
    n.line(
      data({ tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'x', arguments: '{}' } }] }),
      '\r\n',
    );
    const out = n.line('data: [DONE]', '\r\n');
    const [finish, blank, done] = out.split('\r\n');
    expect(JSON.parse(finish!.slice(6))).toEqual({
      id: 'c1',
      created: 1,
      model: 'm',
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }],
    });
    expect([blank, done]).toEqual(['', 'data: [DONE]']);
  });

  it('adds "stop" after text, and nothing after an error chunk or an existing finish', () => {
    const text = new ChatCompletionsNormalizer('{}');
    text.line(data({ content: 'hi' }), '\n');
    expect(text.line('data: [DONE]', '\n')).toContain('"finish_reason":"stop"');
    const failed = new ChatCompletionsNormalizer('{}');
    failed.line('data: {"error":{"message":"boom"}}', '\n');
    expect(failed.line('data: [DONE]', '\n')).toBe('data: [DONE]');
    const finished = new ChatCompletionsNormalizer('{}');
    finished.line(data({}, 'stop'), '\n');
    expect(finished.line('data: [DONE]', '\n')).toBe('data: [DONE]');
  });

  it('leaves malformed JSON to the SDK', () => {
    expect(new ChatCompletionsNormalizer('{}').line('data: {"cut', '\n')).toBe('data: {"cut');
  });
});
