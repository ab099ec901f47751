import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConsentEvent } from './events/consent.js';
import { de } from './i18n/de.js';
import './tool-card.js';
import type { WebmcpToolCard } from './tool-card.js';

describe('<webmcp-tool-card>', () => {
  it('shows the tool title, status, duration and collapsible arguments', async () => {
    const el = await fixture<WebmcpToolCard>(
      html`<webmcp-tool-card
        tool-call-id="c1"
        name="search_products"
        tool-title="Search products"
        status="running"
        .parameters=${{ query: 'mug' }}
      ></webmcp-tool-card>`,
    );
    const root = el.shadowRoot!;
    expect(root.querySelector('.name')!.textContent).to.equal('Search products');
    expect(root.querySelector('.status')!.textContent).to.equal('Running…');
    expect(root.querySelector('[role=group]')!.getAttribute('aria-label')).to.equal('Tool Search products: Running…');
    const args = root.querySelector('details')!;
    expect(args.open).to.equal(false);
    expect(args.querySelector('pre')!.textContent).to.contain('"query": "mug"');
    el.status = 'done';
    el.durationMs = 41.6;
    el.result = '{"hits":2}';
    await el.updateComplete;
    expect(root.querySelector('.duration')!.textContent).to.equal('42 ms');
    expect(root.querySelector('.status')!.textContent).to.equal('Done');
    expect(root.querySelectorAll('details')[1]!.open).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('asks for consent with three answers, each reported by an event that stays inside the widget', async () => {
    const el = await fixture<WebmcpToolCard>(
      html`<webmcp-tool-card tool-call-id="c2" name="checkout" status="consent"></webmcp-tool-card>`,
    );
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.consent button')];
    expect(buttons.map((b) => b.textContent)).to.deep.equal(['Allow once', 'Allow for this site', 'Deny']);
    expect(el.shadowRoot!.querySelector('.consent span')!.textContent).to.equal('Allow the assistant to run checkout?');
    const answers: string[] = [];
    for (const button of buttons) {
      setTimeout(() => button.click());
      const event = (await oneEvent(el, 'webmcp-chat-consent')) as ConsentEvent;
      expect([event.bubbles, event.composed, event.cancelable]).to.deep.equal([true, false, false]);
      expect(event.detail.toolCallId).to.equal('c2');
      answers.push(event.detail.answer);
    }
    expect(answers).to.deep.equal(['allow-once', 'allow-site', 'deny']);
    await expect(el).to.be.accessible();
  });

  it('answers consent from the keyboard', async () => {
    const el = await fixture<WebmcpToolCard>(
      html`<webmcp-tool-card tool-call-id="c3" name="checkout" status="consent"></webmcp-tool-card>`,
    );
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.deny')!.focus();
    const answered = oneEvent(el, 'webmcp-chat-consent') as Promise<ConsentEvent>;
    await sendKeys({ press: 'Enter' });
    expect((await answered).detail.answer).to.equal('deny');
    await expect(el).to.be.accessible();
  });

  it('opens the error details when the call failed', async () => {
    const el = await fixture<WebmcpToolCard>(
      html`<webmcp-tool-card name="get_product" status="error" .result=${'No product with id x'}></webmcp-tool-card>`,
    );
    const details = el.shadowRoot!.querySelectorAll('details');
    expect(details[1]!.open).to.equal(true);
    expect(details[1]!.querySelector('summary')!.textContent).to.equal('Error');
    expect(details[1]!.textContent).to.contain('No product with id x');
    await expect(el).to.be.accessible();
  });

  it('speaks the language of its strings', async () => {
    const el = await fixture<WebmcpToolCard>(
      html`<webmcp-tool-card name="checkout" status="consent" .strings=${de}></webmcp-tool-card>`,
    );
    const root = el.shadowRoot!;
    expect(root.querySelector('.status')!.textContent).to.equal('Braucht Ihre Zustimmung');
    expect([...root.querySelectorAll('.consent button')].map((b) => b.textContent)).to.deep.equal([
      'Einmal erlauben',
      'Für diese Website erlauben',
      'Ablehnen',
    ]);
    expect(root.querySelector('summary')!.textContent).to.equal('Argumente');
    await expect(el).to.be.accessible();
  });
});
