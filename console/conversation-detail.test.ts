import { expect, fixture, html } from '@open-wc/testing';
import './conversation-detail.js';
import type { WcConversationDetail } from './conversation-detail.js';
import type { ConversationDetail } from './admin-api.js';

const detail: ConversationDetail = {
  conversation: {
    id: 'c1',
    surfaceId: 'shop',
    origin: 'https://a.example',
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: '2030-01-01T00:01:00.000Z',
    messageCount: 2,
    hasTools: true,
  },
  transcript: [
    { role: 'user', content: 'a mug please' },
    {
      role: 'assistant',
      content: null,
      toolCalls: [{ id: 'k1', name: 'search_products', arguments: { query: 'mug', limit: 3 } }],
      toolResults: [
        {
          id: 'k1',
          name: 'search_products',
          // The API gives a JSON result as its value.
          result: { count: 2, items: [{ id: 'mug-1' }] },
          error: null,
          durationMs: 1534,
          origin: 'page',
          timestamp: '2030-01-01T00:00:01.534Z',
        },
      ],
    },
  ],
  unfinishedRuns: [],
  tools: [{ name: 'search_products', description: 'Search the catalog.', type: 'webmcp', origin: 'page' }],
};

describe('<wc-conversation-detail>', () => {
  it('shows arguments and results as key–value rows, with the call’s origin and duration, accessibly', async () => {
    const el = await fixture<WcConversationDetail>(
      html`<wc-conversation-detail .detail=${detail}></wc-conversation-detail>`,
    );
    const rows = (label: string) =>
      [...el.shadowRoot!.querySelectorAll(`table[aria-label="${label}"] tr`)].map((r) => [
        r.querySelector('th')!.textContent!.trim(),
        r.querySelector('td')!.textContent!.trim(),
      ]);
    expect(rows('Arguments of search_products')).to.deep.equal([
      ['query', 'mug'],
      ['limit', '3'],
    ]);
    expect(rows('Result of search_products')).to.deep.equal([
      ['count', '2'],
      ['items', '[{"id":"mug-1"}]'],
    ]);
    expect(el.shadowRoot!.querySelector('.duration')!.textContent!.trim()).to.equal('1.5 s');
    expect(el.shadowRoot!.querySelector('.badge')!.textContent!.trim()).to.equal('page');
    await expect(el).to.be.accessible();
  });
});
