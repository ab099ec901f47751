import { describe, expect, it } from 'vitest';
import type { ModelMessage } from '../types.js';
import { SHOP_TOOLS } from './shop-tools.fixture.js';
import { displayToolName, summarizeToolResults, trailingToolResults } from './summary.js';

const MUGS = '[{"id":"mug-001","name":"Blue Mug","price":12.5},{"id":"mug-002","name":"Red Mug","price":14}]';

describe('summarizeToolResults', () => {
  it('turns a JSON list into a counted bullet list with names and prices, no JSON', () => {
    const text = summarizeToolResults([{ name: 'search_products', content: MUGS, isError: false }], { currency: '$' });
    expect(text).toBe('2 results:\n- **Blue Mug** — $12.50\n- **Red Mug** — $14.00');
  });

  it('says which tool failed once, whether or not the error text already names it', () => {
    const text = summarizeToolResults([
      { name: 'get_cart', content: '[]', isError: false },
      { name: 'add_to_cart', content: 'Unknown product: mug-999', isError: true },
    ]);
    expect(text).toContain('Nothing was found.');
    expect(text).toContain('Sorry, add_to_cart failed: Unknown product: mug-999');
    expect(text).toContain('1 of 2 tool calls failed.');
    // the bridge's error result already reads "The tool … failed: …"; it must not get a second prefix
    const bridged = summarizeToolResults([
      { name: 'get_cart', content: 'The tool get_cart failed: TypeError: cart is undefined', isError: true },
    ]);
    expect(bridged).toBe('The tool get_cart failed: TypeError: cart is undefined');
    expect(bridged.match(/failed/g)).toHaveLength(1);
  });

  it('handles plain text and empty results', () => {
    expect(summarizeToolResults([{ name: 'read_page', content: 'Welcome to the shop', isError: false }])).toBe(
      'Welcome to the shop',
    );
    expect(summarizeToolResults([{ name: 'checkout', content: '', isError: false }])).toBe('Done — checkout finished.');
  });
});

describe('trailingToolResults', () => {
  it('takes only the tool messages after the last assistant step', () => {
    const messages: ModelMessage[] = [
      { role: 'user', content: 'hi' },
      { role: 'tool', toolCallId: 'old', name: 'webmcp__get_cart', content: 'old', isError: false },
      { role: 'assistant', content: null },
      { role: 'tool', toolCallId: 'a', name: 'webmcp__get_cart', content: '[]', isError: false },
      { role: 'tool', toolCallId: 'b', name: 'webmcp__read_page', content: 'page', isError: false },
    ];
    expect(trailingToolResults(messages).map((m) => m.toolCallId)).toEqual(['a', 'b']);
  });
});

describe('displayToolName', () => {
  it('shows the bare name for provider and canonical names', () => {
    expect(displayToolName('webmcp__get_cart', SHOP_TOOLS)).toBe('get_cart');
    expect(displayToolName('webmcp:unknown_tool', SHOP_TOOLS)).toBe('unknown_tool');
  });
});
