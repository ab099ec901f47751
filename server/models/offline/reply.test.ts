import { describe, expect, it } from 'vitest';
import type { ModelMessage } from '../types.js';
import { planReply } from './reply.js';
import { SHOP_TOOLS } from './shop-tools.fixture.js';

const CHAIN = '/tool add_to_cart {"productId":"mug-001"}\n/then\n/tool get_cart {}';

function call(id: string, name: string): ModelMessage {
  return { role: 'assistant', content: null, toolCalls: [{ id, name, arguments: {} }] };
}

describe('planReply: /then chains steps', () => {
  it('plays the first step for the user message', () => {
    const reply = planReply({ messages: [{ role: 'user', content: CHAIN }], tools: SHOP_TOOLS });
    expect(reply.kind === 'tool-calls' && reply.calls.map((c) => c.tool.bareName)).toEqual(['add_to_cart']);
  });

  it('plays the next step after the previous step’s results, then summarises', () => {
    const afterFirst: ModelMessage[] = [
      { role: 'user', content: CHAIN },
      call('c1', 'webmcp__add_to_cart'),
      { role: 'tool', toolCallId: 'c1', name: 'webmcp__add_to_cart', content: '{"added":"mug-001"}', isError: false },
    ];
    const second = planReply({ messages: afterFirst, tools: SHOP_TOOLS });
    expect(second.kind === 'tool-calls' && second.calls.map((c) => c.tool.bareName)).toEqual(['get_cart']);
    const afterSecond: ModelMessage[] = [
      ...afterFirst,
      call('c2', 'webmcp__get_cart'),
      { role: 'tool', toolCallId: 'c2', name: 'webmcp__get_cart', content: '{"totalQuantity":1}', isError: false },
    ];
    const last = planReply({ messages: afterSecond, tools: SHOP_TOOLS });
    expect(last.kind).toBe('text');
    expect(last.kind === 'text' && last.text).toBe('Total quantity: 1.');
  });

  it('does not chain plain-text messages', () => {
    const messages: ModelMessage[] = [
      { role: 'user', content: 'find me a mug' },
      call('c1', 'webmcp__search_products'),
      { role: 'tool', toolCallId: 'c1', name: 'webmcp__search_products', content: '{"count":0}', isError: false },
    ];
    expect(planReply({ messages, tools: SHOP_TOOLS }).kind).toBe('text');
  });
});
