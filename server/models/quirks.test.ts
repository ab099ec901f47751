/**
 * Every wire quirk of the fakes, through each adapter it applies to: the model events must come
 * out as if the provider had been well-behaved.
 */
import { describe, expect, it } from 'vitest';
import {
  ANTHROPIC,
  callsOf,
  collect,
  OPENAI,
  request,
  textOf,
  useFakeProvider,
  type AdapterCase,
} from './adapters.fixture.js';
import type { FakeToolCall } from './fakes/index.js';

const fake = useFakeProvider();
const MUG: FakeToolCall = { id: 'call_mug', name: 'webmcp__search_products', arguments: { query: 'mug' } };
const CUP: FakeToolCall = { id: 'call_cup', name: 'webmcp__search_products', arguments: { query: 'cup' } };
const idsOf = (a: AdapterCase, calls: FakeToolCall[]): string[] =>
  calls.map((c) => (a === OPENAI ? c.id! : c.id!.replace('call_', 'toolu_')));
const withIds = (a: AdapterCase, calls: FakeToolCall[]): FakeToolCall[] =>
  calls.map((c, i) => ({ ...c, id: idsOf(a, calls)[i]! }));

describe.each([OPENAI, ANTHROPIC])('$name adapter: wire quirks', (adapter) => {
  const model = () => adapter.create(fake().baseURL);

  it('streams a plain answer: text deltas, then finish stop', async () => {
    fake().push({ text: 'Hello there, how can I help?' });
    const { events, error } = await collect(model());
    expect(error).toBeUndefined();
    expect(textOf(events)).toBe('Hello there, how can I help?');
    expect(events.filter((e) => e.type === 'text-delta').length).toBeGreaterThan(1);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('parallelIndexZero: two calls at index 0 stay two calls, with their own ids and arguments', async () => {
    fake().push({ toolCalls: withIds(adapter, [MUG, CUP]), quirks: { parallelIndexZero: true } });
    const { events, error } = await collect(model());
    expect(error).toBeUndefined();
    expect(callsOf(events)).toEqual([
      {
        type: 'tool-call',
        id: idsOf(adapter, [MUG])[0],
        name: 'webmcp__search_products',
        arguments: '{"query":"mug"}',
      },
      {
        type: 'tool-call',
        id: idsOf(adapter, [CUP])[0],
        name: 'webmcp__search_products',
        arguments: '{"query":"cup"}',
      },
    ]);
    expect(events.filter((e) => e.type === 'tool-call-start').map((e) => (e as { id: string }).id)).toEqual(
      idsOf(adapter, [MUG, CUP]),
    );
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'tool_calls' });
  });

  it('missingToolCallIds: deterministic ids, distinct per call, the same for the same request', async () => {
    const turn = { toolCalls: [MUG, CUP], quirks: { missingToolCallIds: true } };
    fake().push(turn, turn, turn);
    const first = callsOf((await collect(model())).events);
    const again = callsOf((await collect(model())).events);
    const other = callsOf((await collect(model(), request('something else'))).events);
    const prefix = adapter === OPENAI ? 'call' : 'toolu';
    expect(first.map((c) => c.id)).toEqual([
      expect.stringMatching(new RegExp(`^${prefix}_[0-9a-f]{12}_0$`)),
      expect.stringMatching(new RegExp(`^${prefix}_[0-9a-f]{12}_1$`)),
    ]);
    expect(first.map((c) => c.arguments)).toEqual(['{"query":"mug"}', '{"query":"cup"}']);
    expect(again.map((c) => c.id)).toEqual(first.map((c) => c.id));
    expect(other.map((c) => c.id)).not.toEqual(first.map((c) => c.id));
  });

  it('"" arguments become {}', async () => {
    fake().push({ toolCalls: [{ name: 'webmcp__get_cart', arguments: '' }] });
    const { events, error } = await collect(model());
    expect(error).toBeUndefined();
    expect(callsOf(events).map((c) => [c.name, c.arguments])).toEqual([['webmcp__get_cart', '{}']]);
  });

  it('noFinishReason: the finish is inferred (stop after text, tool_calls after calls)', async () => {
    fake().push(
      { text: 'No reason given.', quirks: { noFinishReason: true } },
      { toolCalls: [MUG], quirks: { noFinishReason: true } },
    );
    const text = await collect(model());
    const calls = await collect(model());
    expect([text.error, calls.error]).toEqual([undefined, undefined]);
    expect(textOf(text.events)).toBe('No reason given.');
    expect(text.events.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
    expect(callsOf(calls.events)).toHaveLength(1);
    expect(calls.events.at(-1)).toEqual({ type: 'finish', reason: 'tool_calls' });
  });

  it('crlf + splitWrites: CRLF frames cut inside "data:", between CR and LF and inside UTF-8 characters', async () => {
    const text = 'Grüße! ☕ costs €3 — 😀 done.';
    fake().push({ text, toolCalls: withIds(adapter, [MUG]), quirks: { crlf: true, splitWrites: true } });
    const { events, error } = await collect(model());
    expect(error).toBeUndefined();
    expect(textOf(events)).toBe(text);
    expect(callsOf(events).map((c) => c.arguments)).toEqual(['{"query":"mug"}']);
    const writes = fake().requests[0]!.writes;
    const bytes = Buffer.concat(writes);
    expect(bytes.includes('\r\n')).toBe(true);
    expect(bytes.toString('utf8').replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // only CRLF line ends
    expect(writes.some((w) => w.at(-1) === 0x0d)).toBe(true); // a cut between CR and LF
    expect(writes.some((w) => (w.at(-1)! & 0xc0) === 0xc0 || (w.at(-1)! & 0xc0) === 0x80)).toBe(true); // inside a character
    const cuts = writes.reduce<number[]>((at, w) => [...at, (at.at(-1) ?? 0) + w.length], []);
    const fields = [...bytes.toString('latin1').matchAll(/data:/g)].map((m) => m.index);
    expect(cuts.some((cut) => fields.some((start) => cut > start && cut < start + 5))).toBe(true); // inside "data:"
  });

  it('streams reasoning before the text as reasoning-delta events', async () => {
    fake().push({ reasoning: 'The user greets me, so greet back.', text: 'Hi!' });
    const { events, error } = await collect(model());
    expect(error).toBeUndefined();
    const reasoning = events
      .filter((e) => e.type === 'reasoning-delta')
      .map((e) => (e as { delta: string }).delta)
      .join('');
    expect(reasoning).toBe('The user greets me, so greet back.');
    expect(events.findIndex((e) => e.type === 'reasoning-delta')).toBeLessThan(
      events.findIndex((e) => e.type === 'text-delta'),
    );
    expect(events.some((e) => e.type === 'reasoning-delta' && e.delta === '')).toBe(false); // Anthropic's signature is not shown
  });
});

describe('openai-compatible adapter: Chat Completions-only quirks', () => {
  const model = () => OPENAI.create(fake().baseURL);

  it('argumentsBeforeName: a fragment before the id and name is kept', async () => {
    fake().push({ toolCalls: [MUG, CUP], quirks: { argumentsBeforeName: true } });
    const { events, error } = await collect(model());
    expect(error).toBeUndefined();
    expect(callsOf(events).map((c) => [c.id, c.arguments])).toEqual([
      ['call_mug', '{"query":"mug"}'],
      ['call_cup', '{"query":"cup"}'],
    ]);
  });

  it('omitDone: a stream with a finish reason but no [DONE] completes', async () => {
    fake().push({ text: 'Done without DONE.', quirks: { omitDone: true } });
    const { events, error } = await collect(model());
    expect(error).toBeUndefined();
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('all quirks at once: index 0, no ids, arguments first, no finish reason, CRLF, split writes', async () => {
    const quirks = {
      parallelIndexZero: true,
      missingToolCallIds: true,
      argumentsBeforeName: true,
      noFinishReason: true,
      crlf: true,
      splitWrites: true,
    };
    fake().push({ toolCalls: [MUG, CUP, { name: 'webmcp__get_cart', arguments: '' }], quirks });
    const { events, error } = await collect(model());
    expect(error).toBeUndefined();
    const calls = callsOf(events);
    expect(calls.map((c) => [c.name, c.arguments])).toEqual([
      ['webmcp__search_products', '{"query":"mug"}'],
      ['webmcp__search_products', '{"query":"cup"}'],
      ['webmcp__get_cart', '{}'],
    ]);
    expect(new Set(calls.map((c) => c.id)).size).toBe(3);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'tool_calls' });
  });
});
