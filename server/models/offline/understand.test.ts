import { describe, expect, it } from 'vitest';
import type { ModelMessage } from '../types.js';
import { BOOK_TOOLS, DEMO_TOOLS } from './demo-tools.fixture.js';
import { planReply, type OfflineReply } from './reply.js';

const SPECKLED = JSON.stringify({
  query: 'speckled mug',
  count: 1,
  results: [{ id: 'mug-002', name: 'Speckled Stoneware Mug', price: 18, category: 'kitchen' }],
});

function calls(reply: OfflineReply): string[] {
  return reply.kind === 'tool-calls' ? reply.calls.map((c) => `${c.tool.bareName} ${JSON.stringify(c.arguments)}`) : [];
}

/** The history after the model called `name` with `args` and the page answered `content`. */
function after(history: ModelMessage[], name: string, args: Record<string, unknown>, content: string): ModelMessage[] {
  const id = `c${history.length}`;
  return [
    ...history,
    { role: 'assistant', content: null, toolCalls: [{ id, name, arguments: args }] },
    { role: 'tool', toolCallId: id, name, content, isError: false },
  ];
}

describe('plain-language chains', () => {
  it('searches for a named product, then adds it with the quantity, then answers in prose', () => {
    const start: ModelMessage[] = [{ role: 'user', content: 'add two of the speckled mug to my cart' }];
    expect(calls(planReply({ messages: start, tools: DEMO_TOOLS }))).toEqual([
      'search_products {"query":"speckled mug"}',
    ]);
    const found = after(start, 'webmcp__search_products', { query: 'speckled mug' }, SPECKLED);
    expect(calls(planReply({ messages: found, tools: DEMO_TOOLS }))).toEqual([
      'add_to_cart {"quantity":2,"productId":"mug-002"}',
    ]);
    const added = after(
      found,
      'webmcp__add_to_cart',
      { productId: 'mug-002', quantity: 2 },
      JSON.stringify({ added: { id: 'mug-002', name: 'Speckled Stoneware Mug', quantity: 2 }, cart: { total: 36 } }),
    );
    const answer = planReply({ messages: added, tools: DEMO_TOOLS });
    expect(answer).toEqual({
      kind: 'text',
      text: 'Added: Speckled Stoneware Mug, quantity: 2; cart: total: $36.00.',
    });
  });

  it('resolves a name through an earlier result without searching again', () => {
    const history = after(
      [{ role: 'user', content: 'do you have mugs' }],
      'webmcp__search_products',
      { query: 'mug' },
      SPECKLED,
    );
    const next: ModelMessage[] = [
      ...history,
      { role: 'assistant', content: 'Found it.' },
      { role: 'user', content: 'remove the speckled one from my basket' },
    ];
    expect(calls(planReply({ messages: next, tools: DEMO_TOOLS }))).toEqual([
      'remove_from_cart {"productId":"mug-002"}',
    ]);
    const pronoun: ModelMessage[] = [
      ...history,
      { role: 'assistant', content: 'Found it.' },
      { role: 'user', content: 'add it to my cart' },
    ];
    expect(calls(planReply({ messages: pronoun, tools: DEMO_TOOLS }))).toEqual(['add_to_cart {"productId":"mug-002"}']);
  });

  it('broadens an empty search to its last word once, then answers', () => {
    const start: ModelMessage[] = [{ role: 'user', content: 'I need a warm hat for winter' }];
    const empty = after(
      start,
      'webmcp__search_products',
      { query: 'warm hat' },
      '{"query":"warm hat","count":0,"results":[]}',
    );
    expect(calls(planReply({ messages: empty, tools: DEMO_TOOLS }))).toEqual(['search_products {"query":"hat"}']);
    const again = after(empty, 'webmcp__search_products', { query: 'hat' }, '{"query":"hat","count":0,"results":[]}');
    expect(planReply({ messages: again, tools: DEMO_TOOLS })).toMatchObject({ kind: 'text' });
  });

  it('makes a page call and a server call in one step, and answers both', () => {
    const start: ModelMessage[] = [{ role: 'user', content: 'what would shipping to 10115 cost for my cart?' }];
    const reply = planReply({ messages: start, tools: DEMO_TOOLS });
    expect(reply.kind === 'tool-calls' && reply.calls.map((c) => c.tool.name).sort()).toEqual([
      'http__get_shipping_quote',
      'webmcp__get_cart',
    ]);
  });

  it('works the same on a bookshop: search by title, then reserve by the ISBN it found', () => {
    const start: ModelMessage[] = [{ role: 'user', content: 'reserve two copies of the hobbit' }];
    expect(calls(planReply({ messages: start, tools: BOOK_TOOLS }))).toEqual(['find_books {"keywords":"hobbit"}']);
    const found = after(
      start,
      'webmcp__find_books',
      { keywords: 'hobbit' },
      JSON.stringify([{ isbn: '9780261103283', title: 'The Hobbit', author: 'J. R. R. Tolkien', priceCents: 999 }]),
    );
    expect(calls(planReply({ messages: found, tools: BOOK_TOOLS }))).toEqual([
      'reserve_copy {"copies":2,"isbn":"9780261103283"}',
    ]);
  });
});
