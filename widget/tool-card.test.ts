import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './tool-card.js';
import type { WebmcpToolCard } from './tool-card.js';

describe('<webmcp-tool-card>', () => {
  it('shows the tool title, status and arguments', async () => {
    const el = await fixture<WebmcpToolCard>(html`<webmcp-tool-card tool-call-id="c1" name="search_products" tool-title="Search products" status="running" .parameters=${{ query: 'mug' }}></webmcp-tool-card>`);
    const root = el.shadowRoot!;
    expect(root.querySelector('.name')!.textContent).to.equal('Search products');
    expect(root.querySelector('.status')!.textContent).to.equal('Running…');
    expect(root.querySelector('pre')!.textContent).to.contain('"query": "mug"');
    await expect(el).to.be.accessible();
  });

  it('asks for consent and reports the answer', async () => {
    const el = await fixture<WebmcpToolCard>(html`<webmcp-tool-card tool-call-id="c2" name="checkout" status="consent"></webmcp-tool-card>`);
    const allow = el.shadowRoot!.querySelector<HTMLButtonElement>('button.allow')!;
    setTimeout(() => allow.click());
    const event = (await oneEvent(el, 'webmcp-chat-consent')) as CustomEvent<{ toolCallId: string; answer: string }>;
    expect(event.detail).to.deep.equal({ toolCallId: 'c2', answer: 'allow-once' });
    const site = el.shadowRoot!.querySelector<HTMLButtonElement>('button.allow-site')!;
    setTimeout(() => site.click());
    const second = (await oneEvent(el, 'webmcp-chat-consent')) as CustomEvent<{ answer: string }>;
    expect(second.detail.answer).to.equal('allow-site');
    await expect(el).to.be.accessible();
  });

  it('opens the error details when the call failed', async () => {
    const el = await fixture<WebmcpToolCard>(html`<webmcp-tool-card name="get_product" status="error" .result=${'No product with id x'}></webmcp-tool-card>`);
    const details = el.shadowRoot!.querySelectorAll('details');
    expect(details[1]!.open).to.equal(true);
    expect(details[1]!.textContent).to.contain('No product with id x');
  });
});
