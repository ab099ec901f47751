import { describe, expect, it } from 'vitest';
import type { ModelEvent, ModelMessage } from '../types.js';
import { createOfflineModel } from './index.js';
import { DEMO_TOOLS } from './demo-tools.fixture.js';
import { collectEvents, shopRequest } from './shop-tools.fixture.js';

type ToolCallEvent = Extract<ModelEvent, { type: 'tool-call' }>;

const model = createOfflineModel();
const run = (messages: string | ModelMessage[]): Promise<ModelEvent[]> =>
  collectEvents(model.stream(shopRequest(messages)));
const textOf = (events: ModelEvent[]): string =>
  events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('');
const callsOf = (events: ModelEvent[]): ToolCallEvent[] =>
  events.filter((e): e is ToolCallEvent => e.type === 'tool-call');
const finishes = (events: ModelEvent[]) => events.filter((e) => e.type === 'finish');

describe('createOfflineModel', () => {
  it('is honestly labelled', () => {
    expect(model.info).toEqual({ id: 'offline', label: 'Offline model (deterministic, no AI)', offline: true });
  });

  it('routes "find me a mug" to search_products with {query: "mug"}', async () => {
    const events = await run('find me a mug');
    const [call] = callsOf(events);
    expect(call?.name).toBe('webmcp__search_products');
    expect(JSON.parse(call?.arguments ?? '')).toEqual({ query: 'mug' });
    expect(finishes(events)).toEqual([{ type: 'finish', reason: 'tool_calls' }]);
    expect(events.at(-1)?.type).toBe('finish');
  });

  it('fills enum and number arguments', async () => {
    const [call] = callsOf(await run('show me kitchen things under 20 dollars'));
    expect(JSON.parse(call?.arguments ?? '')).toMatchObject({ category: 'kitchen', maxPrice: 20 });
  });

  it('fills an id argument', async () => {
    const [call] = callsOf(await run('please add mug-001 to my cart'));
    expect(call?.name).toBe('webmcp__add_to_cart');
    expect(JSON.parse(call?.arguments ?? '')).toEqual({ productId: 'mug-001' });
  });

  it('asks for a missing required argument instead of calling', async () => {
    const events = await run('track my order');
    const demo = await collectEvents(model.stream({ ...shopRequest('track my order'), tools: DEMO_TOOLS }));
    expect(callsOf(demo)).toEqual([]);
    expect(demo.some((e) => e.type === 'tool-call-start')).toBe(false);
    expect(textOf(demo)).toBe('To check order status I need the order id. Could you tell me?');
    expect(finishes(events)).toEqual([{ type: 'finish', reason: 'stop' }]);
  });

  it('says in one sentence that it is offline and offers at most three things when nothing matches', async () => {
    const text = textOf(await run('tell me a joke'));
    expect(text).toContain('offline assistant');
    expect(text.split('\n').filter((line) => line.startsWith('- '))).toHaveLength(3);
    expect(text).not.toContain('/tool');
    expect(text).not.toContain('read_page');
    const none = await collectEvents(model.stream({ ...shopRequest('find me a mug'), tools: [] }));
    expect(textOf(none)).toContain('No tools are available');
    expect(callsOf(none)).toEqual([]);
  });

  it('streams tool-call start, fragments that join to the arguments, then the call', async () => {
    const events = await run('/tool search_products {"query": "mug", "maxPrice": 20}');
    const [start, ...rest] = events;
    expect(start).toMatchObject({ type: 'tool-call-start', name: 'webmcp__search_products' });
    const id = start?.type === 'tool-call-start' ? start.id : '';
    const fragments = rest.flatMap((e) => (e.type === 'tool-call-delta' && e.id === id ? [e.argumentsDelta] : []));
    expect(fragments.length).toBeGreaterThanOrEqual(2);
    expect(fragments.length).toBeLessThanOrEqual(3);
    const [call] = callsOf(events);
    expect(call).toEqual({
      type: 'tool-call',
      id,
      name: 'webmcp__search_products',
      arguments: '{"query":"mug","maxPrice":20}',
    });
    expect(fragments.join('')).toBe(call?.arguments);
  });

  it('makes parallel calls from several /tool lines with every name form, with deterministic ids', async () => {
    const message = '/tool get_cart\n/tool webmcp:get_product {"productId": "mug-001"}\n/tool webmcp__read_page {}';
    const events = await run(message);
    const calls = callsOf(events);
    expect(calls.map((c) => c.name)).toEqual(['webmcp__get_cart', 'webmcp__get_product', 'webmcp__read_page']);
    expect(calls.map((c) => JSON.parse(c.arguments))).toEqual([{}, { productId: 'mug-001' }, {}]);
    expect(new Set(calls.map((c) => c.id)).size).toBe(3);
    expect(calls.every((c) => /^call_\d+_/.test(c.id))).toBe(true);
    expect(callsOf(await run(message)).map((c) => c.id)).toEqual(calls.map((c) => c.id));
    expect(finishes(events)).toEqual([{ type: 'finish', reason: 'tool_calls' }]);
  });

  it('explains an unknown /tool name and invalid JSON without calling', async () => {
    const unknown = await run('/tool fly_to_moon {}');
    expect(callsOf(unknown)).toEqual([]);
    expect(textOf(unknown)).toContain('"fly_to_moon" is not available');
    expect(textOf(unknown)).toContain('search_products, get_product, add_to_cart');
    expect(finishes(unknown)).toEqual([{ type: 'finish', reason: 'stop' }]);
    const invalid = await run('/tool search_products {"query": mug}');
    expect(callsOf(invalid)).toEqual([]);
    expect(textOf(invalid)).toContain('not valid JSON');
  });

  it('echoes the rest of the message exactly, in word-sized deltas', async () => {
    const events = await run('/echo Hello,  world!\nSecond line.');
    const deltas = events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : []));
    expect(deltas).toEqual(['Hello,  ', 'world!\n', 'Second ', 'line.']);
    expect(textOf(events)).toBe('Hello,  world!\nSecond line.');
    expect(finishes(events)).toEqual([{ type: 'finish', reason: 'stop' }]);
  });

  it('throws the /error message from the stream', async () => {
    await expect(run('/error the provider fell over')).rejects.toThrow('the provider fell over');
  });

  it('replies after /slow, and stops promptly when aborted', async () => {
    expect(textOf(await run('/slow 1 done'))).toBe('done');
    const controller = new AbortController();
    const iterator = model.stream(shopRequest('/slow 60000', controller.signal))[Symbol.asyncIterator]();
    const started = Date.now();
    const next = iterator.next();
    controller.abort();
    await expect(next).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('stops between words when aborted during a slow-paced reply', async () => {
    const controller = new AbortController();
    const paced = createOfflineModel({ wordDelayMs: 60_000 });
    const iterator = paced.stream(shopRequest('/echo one two three', controller.signal))[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: { type: 'text-delta', delta: 'one ' } });
    const next = iterator.next();
    controller.abort();
    await expect(next).rejects.toThrow();
  });

  it('answers from tool results in prose with their data, and reports failures', async () => {
    const results = '[{"id":"mug-001","name":"Blue Mug","price":12.5}]';
    const history: ModelMessage[] = [
      { role: 'user', content: 'find me a mug' },
      {
        role: 'assistant',
        content: null,
        toolCalls: [
          { id: 'call_1_x', name: 'webmcp__search_products', arguments: { query: 'mug' } },
          { id: 'call_2_x', name: 'webmcp__add_to_cart', arguments: { productId: 'mug-999' } },
        ],
      },
      { role: 'tool', toolCallId: 'call_1_x', name: 'webmcp__search_products', content: results, isError: false },
      {
        role: 'tool',
        toolCallId: 'call_2_x',
        name: 'webmcp__add_to_cart',
        content: 'Unknown product mug-999',
        isError: true,
      },
    ];
    const events = await run(history);
    const text = textOf(events);
    expect(text).toContain('**Blue Mug** — $12.50');
    expect(text).not.toContain('{"');
    expect(text).toContain('add_to_cart failed: Unknown product mug-999');
    expect(callsOf(events)).toEqual([]);
    expect(finishes(events)).toEqual([{ type: 'finish', reason: 'stop' }]);
  });

  it('answers after a /tool directive instead of calling again', async () => {
    const events = await run([
      { role: 'user', content: '/tool get_cart' },
      { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'webmcp__get_cart', arguments: {} }] },
      { role: 'tool', toolCallId: 'c1', name: 'webmcp__get_cart', content: '{"items":[],"total":0}', isError: false },
    ]);
    expect(callsOf(events)).toEqual([]);
    expect(textOf(events)).toBe('No items; total: $0.00.');
  });

  it('ends every kind of reply with exactly one finish event', async () => {
    for (const message of ['find me a mug', 'hello', '/echo hi', '/tool get_cart', '/tool nope', '/slow 0']) {
      const events = await run(message);
      expect(finishes(events)).toHaveLength(1);
      expect(events.at(-1)?.type).toBe('finish');
    }
  });
});
