import { describe, expect, it } from 'vitest';
import type { ModelMessage } from '../types.js';
import { DEMO_TOOLS } from './demo-tools.fixture.js';
import { planReply } from './reply.js';

const ask = (text: string) => planReply({ messages: [{ role: 'user', content: text }], tools: DEMO_TOOLS });

describe('the highlight intent', () => {
  it('calls highlight_product for "show me the …" and "highlight …", and leaves other requests to the router', () => {
    expect(ask('show me the knit beanie')).toMatchObject({
      kind: 'tool-calls',
      calls: [{ tool: { bareName: 'highlight_product' }, arguments: { product: 'knit beanie' } }],
    });
    for (const text of ['show me my cart', 'show me the cheapest candle', 'show me mugs under 20']) {
      const reply = ask(text);
      const names = reply.kind === 'tool-calls' ? reply.calls.map((c) => c.tool.bareName) : [];
      expect(names, text).not.toContain('highlight_product');
    }
    const noTool = planReply({
      messages: [{ role: 'user', content: 'highlight the teapot' }],
      tools: DEMO_TOOLS.filter((t) => t.bareName !== 'highlight_product'),
    });
    expect(noTool.kind === 'tool-calls' && noTool.calls.some((c) => c.tool.bareName === 'highlight_product')).toBe(
      false,
    );
  });

  it('answers after the delivered result instead of chaining a search', () => {
    const messages: ModelMessage[] = [
      { role: 'user', content: 'show me the knit beanie' },
      {
        role: 'assistant',
        content: null,
        toolCalls: [{ id: 'c1', name: 'client_event__highlight_product', arguments: { product: 'knit beanie' } }],
      },
      {
        role: 'tool',
        toolCallId: 'c1',
        name: 'client_event__highlight_product',
        content: '{"delivered":true}',
        isError: false,
      },
    ];
    expect(planReply({ messages, tools: DEMO_TOOLS })).toEqual({
      kind: 'text',
      text: 'Here it is: I’ve highlighted “knit beanie” on the page.'.replace('’', "'"),
    });
  });
});
