/**
 * The fakes speak the real wire formats byte for byte, and each quirk bends exactly what it names.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  renderAnthropicMessages,
  renderChatCompletions,
  startFakeProvider,
  type FakeProvider,
  type FakeQuirks,
  type FakeRequestView,
  type FakeTurn,
} from './index.js';

let fake: FakeProvider;
beforeAll(async () => (fake = await startFakeProvider()));
beforeEach(() => fake.reset());
afterAll(() => fake.close());

const post = (path: string, body: unknown) =>
  fetch(fake.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
    body: JSON.stringify(body),
  });
const view = (format: FakeRequestView['format']): FakeRequestView => ({
  format,
  body: { model: 'm' },
  toolResults: [],
});
const lines = (frames: string[][]) => frames.flat();
const TURN: FakeTurn = {
  text: 'Hi there!',
  toolCalls: [{ id: 'call_1', name: 'webmcp__get_cart', arguments: { all: true } }],
};

describe('Chat Completions wire format', () => {
  it('streams data frames, a finish chunk and [DONE], exactly', async () => {
    fake.push(TURN);
    const res = await post('/v1/chat/completions', {
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const base =
      '"id":"chatcmpl-fake1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-test","system_fingerprint":"fp_fake"';
    const chunk = (delta: string, finish = 'null') =>
      `data: {${base},"choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish}}]}\n\n`;
    expect(await res.text()).toBe(
      chunk('{"role":"assistant","content":"","refusal":null}') +
        chunk('{"content":"Hi there!"}') +
        chunk(
          '{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"webmcp__get_cart","arguments":""}}]}',
        ) +
        chunk('{"tool_calls":[{"index":0,"function":{"arguments":"{\\"all\\":"}}]}') +
        chunk('{"tool_calls":[{"index":0,"function":{"arguments":"true}"}}]}') +
        chunk('{}', '"tool_calls"') +
        'data: [DONE]\n\n',
    );
    expect(fake.requests).toEqual([
      expect.objectContaining({
        format: 'chat-completions',
        path: '/v1/chat/completions',
        body: { model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }], stream: true },
      }),
    ]);
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer k');
  });

  it("answers HTTP errors, and a request beyond the script, in OpenAI's error format", async () => {
    fake.push({ httpError: { status: 429, message: 'Rate limit reached' } });
    const limited = await post('/v1/chat/completions', {});
    expect([limited.status, await limited.json()]).toEqual([
      429,
      { error: { message: 'Rate limit reached', type: 'requests', param: null, code: null } },
    ]);
    const over = await post('/v1/chat/completions', {});
    expect([over.status, ((await over.json()) as { error: { message: string } }).error.message]).toEqual([
      500,
      'fake provider: no scripted turn left',
    ]);
  });

  it('quirks: index 0, no ids, arguments before the name, no finish, no [DONE], error and malformed frames', () => {
    const render = (quirks: FakeQuirks) =>
      renderChatCompletions(
        { ...TURN, toolCalls: [...TURN.toolCalls!, { name: 'x', arguments: '' }], quirks },
        1,
        view('chat-completions'),
      );
    const text = (quirks: FakeQuirks) => {
      const r = render(quirks);
      return lines([...r.content, ...r.closing]).join('\n');
    };
    expect(text({})).toContain('"index":1,"id":"call_fake1x1"');
    expect(text({ parallelIndexZero: true })).not.toContain('"index":1');
    expect(text({ missingToolCallIds: true })).not.toMatch(/"id":"call_/);
    const early = lines(render({ argumentsBeforeName: true }).content);
    expect(early.findIndex((l) => l.includes('{\\"all\\":'))).toBeLessThan(
      early.findIndex((l) => l.includes('"name":"webmcp__get_cart"')),
    );
    expect(text({ noFinishReason: true })).not.toContain('"finish_reason":"tool_calls"');
    expect(text({ noFinishReason: true })).toMatch(/data: \[DONE\]$/);
    expect(text({ omitDone: true })).not.toContain('[DONE]');
    const failed = render({ midStreamError: 'boom' });
    expect([failed.content.at(-1), failed.closing]).toEqual([
      ['data: {"error":{"message":"boom","type":"server_error","param":null,"code":null}}'],
      [],
    ]);
    expect(lines(render({ malformedFrame: true }).content)[2]).toMatch(/^data: \{.*"content":"cut$/);
  });
});

describe('Anthropic Messages wire format', () => {
  it('streams named events from message_start to message_stop, exactly', async () => {
    fake.push({ ...TURN, reasoning: 'Hmm.' });
    const res = await post('/v1/messages', { model: 'claude-test', max_tokens: 10, messages: [], stream: true });
    const event = (name: string, data: string) => `event: ${name}\ndata: ${data}\n\n`;
    const delta = (index: number, d: string) =>
      event('content_block_delta', `{"type":"content_block_delta","index":${index},"delta":${d}}`);
    expect(await res.text()).toBe(
      event(
        'message_start',
        '{"type":"message_start","message":{"id":"msg_fake1","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}',
      ) +
        event('ping', '{"type": "ping"}') +
        event(
          'content_block_start',
          '{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}',
        ) +
        delta(0, '{"type":"thinking_delta","thinking":"Hmm."}') +
        delta(0, '{"type":"signature_delta","signature":"EqQBCgIYAhIMfake1signature"}') +
        event('content_block_stop', '{"type":"content_block_stop","index":0}') +
        event(
          'content_block_start',
          '{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}',
        ) +
        delta(1, '{"type":"text_delta","text":"Hi there!"}') +
        event('content_block_stop', '{"type":"content_block_stop","index":1}') +
        event(
          'content_block_start',
          '{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"call_1","name":"webmcp__get_cart","input":{}}}',
        ) +
        delta(2, '{"type":"input_json_delta","partial_json":""}') +
        delta(2, '{"type":"input_json_delta","partial_json":"{\\"all\\":"}') +
        delta(2, '{"type":"input_json_delta","partial_json":"true}"}') +
        event('content_block_stop', '{"type":"content_block_stop","index":2}') +
        event(
          'message_delta',
          '{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":42}}',
        ) +
        event('message_stop', '{"type":"message_stop"}'),
    );
    expect(fake.requests[0]).toMatchObject({
      format: 'anthropic-messages',
      path: '/v1/messages',
      body: { model: 'claude-test' },
    });
  });

  it("answers HTTP errors in Anthropic's error format", async () => {
    fake.push({ httpError: { status: 401, message: 'invalid x-api-key' } });
    const res = await post('/v1/messages', {});
    expect([res.status, await res.json()]).toEqual([
      401,
      { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
    ]);
  });

  it('quirks: blocks at index 0, no ids, null stop_reason, error event, malformed frame, CRLF', async () => {
    const render = (quirks: FakeQuirks) => renderAnthropicMessages({ ...TURN, quirks }, 1, view('anthropic-messages'));
    const text = (quirks: FakeQuirks) => {
      const r = render(quirks);
      return lines([...r.content, ...r.closing]).join('\n');
    };
    expect(text({})).toContain('"index":1');
    expect(text({ parallelIndexZero: true })).not.toMatch(/"index":[1-9]/);
    expect(text({ missingToolCallIds: true })).toContain(
      '"content_block":{"type":"tool_use","name":"webmcp__get_cart","input":{}}',
    );
    expect(text({ noFinishReason: true })).toContain('"delta":{"stop_reason":null,');
    const failed = render({ midStreamError: 'Overloaded' });
    expect([failed.content.at(-1), failed.closing]).toEqual([
      ['event: error', 'data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'],
      [],
    ]);
    expect(text({ malformedFrame: true })).toMatch(/"text":"cut\n/);
    fake.push({ text: 'a', quirks: { crlf: true } });
    const crlf = await (await post('/v1/messages', { model: 'm' })).text();
    expect(crlf.startsWith('event: message_start\r\ndata: {')).toBe(true);
    expect(crlf.endsWith('event: message_stop\r\ndata: {"type":"message_stop"}\r\n\r\n')).toBe(true);
    expect(crlf.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});
