import { describe, expect, it } from 'vitest';
import type { ModelMessage } from '../types.js';
import { callOptions } from './adapter.js';
import { DEFAULT_TIME_LIMITS } from './deadline.js';
import { historyToolStubs, toPrompt, toTools } from './prompt.js';
import { TOOLS } from '../adapters.fixture.js';

const HISTORY: ModelMessage[] = [
  { role: 'user', content: 'find a mug and a cup' },
  {
    role: 'assistant',
    content: null,
    toolCalls: [
      { id: 'call_1', name: 'webmcp__search_products', arguments: { query: 'mug' } },
      { id: 'call_2', name: 'webmcp__search_products', arguments: { query: 'cup' } },
    ],
  },
  { role: 'tool', toolCallId: 'call_1', name: 'webmcp__search_products', content: '[{"sku":"MUG-1"}]', isError: false },
  { role: 'tool', toolCallId: 'call_2', name: 'webmcp__search_products', content: 'Search is down', isError: true },
  { role: 'assistant', content: 'One mug; cups are unavailable.' },
  { role: 'user', content: 'thanks' },
];

describe('toPrompt', () => {
  it('maps instructions, user text, assistant tool calls and grouped tool results, keeping ids', () => {
    expect(toPrompt({ instructions: 'Be brief.', messages: HISTORY })).toStrictEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'find a mug and a cup' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'webmcp__search_products', input: { query: 'mug' } },
          { type: 'tool-call', toolCallId: 'call_2', toolName: 'webmcp__search_products', input: { query: 'cup' } },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'call_1',
            toolName: 'webmcp__search_products',
            output: { type: 'text', value: '[{"sku":"MUG-1"}]' },
          },
          {
            type: 'tool-result',
            toolCallId: 'call_2',
            toolName: 'webmcp__search_products',
            output: { type: 'error-text', value: 'Search is down' },
          },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'One mug; cups are unavailable.' }] },
      { role: 'user', content: [{ type: 'text', text: 'thanks' }] },
    ]);
  });

  it('keeps text said before tool calls, and drops blank instructions and empty assistant turns', () => {
    const prompt = toPrompt({
      instructions: '  ',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'cart?' },
        { role: 'assistant', content: 'Checking.', toolCalls: [{ id: 'c', name: 'webmcp__get_cart', arguments: {} }] },
      ],
    });
    expect(prompt.map((m) => m.role)).toEqual(['user', 'user', 'assistant']);
    expect(prompt[2]).toStrictEqual({
      role: 'assistant',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', toolCallId: 'c', toolName: 'webmcp__get_cart', input: {} },
      ],
    });
  });
});

describe('toTools', () => {
  it('declares function tools under the provider-safe names with the page schemas', () => {
    expect(toTools(TOOLS)).toStrictEqual([
      {
        type: 'function',
        name: 'webmcp__search_products',
        description: 'Search the catalog by keyword.',
        inputSchema: TOOLS[0]!.parameters,
      },
      {
        type: 'function',
        name: 'webmcp__get_cart',
        description: 'Show the cart.',
        inputSchema: { type: 'object', properties: {} },
      },
    ]);
  });

  it('gives a schema-less tool an empty object schema and a typeless one type "object"', () => {
    const [none, typeless] = toTools([
      { ...TOOLS[1]!, parameters: {} },
      { ...TOOLS[1]!, parameters: { properties: { id: { type: 'string' } } } },
    ]);
    expect(none!.inputSchema).toEqual({ type: 'object', properties: {} });
    expect(typeless!.inputSchema).toEqual({ type: 'object', properties: { id: { type: 'string' } } });
  });
});

describe('callOptions', () => {
  const base = {
    info: { id: 'x', label: 'x', offline: false },
    label: 'x',
    model: {} as never,
    limits: DEFAULT_TIME_LIMITS,
  };
  const signal = new AbortController().signal;

  it('offers the tools with toolChoice auto and passes the generation settings', () => {
    const options = callOptions(
      { messages: HISTORY, tools: TOOLS, signal },
      { ...base, settings: { maxOutputTokens: 100, temperature: 0 } },
      signal,
    );
    expect(options).toMatchObject({
      toolChoice: { type: 'auto' },
      maxOutputTokens: 100,
      temperature: 0,
      abortSignal: signal,
    });
    expect(options.tools?.map((t) => (t as { name: string }).name)).toEqual([
      'webmcp__search_products',
      'webmcp__get_cart',
    ]);
  });

  it('without tools sends none, unless the provider wants stand-ins (then toolChoice none)', () => {
    const plain = callOptions({ messages: HISTORY, tools: [], signal }, base, signal);
    expect(plain).not.toHaveProperty('tools');
    expect(plain).not.toHaveProperty('toolChoice');
    const stubbed = callOptions(
      { messages: HISTORY, tools: [], signal },
      { ...base, toolsWhenNone: (r) => historyToolStubs(r.messages) },
      signal,
    );
    expect(stubbed.toolChoice).toEqual({ type: 'none' });
    expect(stubbed.tools).toEqual([
      {
        type: 'function',
        name: 'webmcp__search_products',
        description: 'No longer available in this step.',
        inputSchema: { type: 'object', properties: {} },
      },
    ]);
  });
});
