import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConsentEvent } from './events/consent.js';
import { de } from './i18n/de.js';
import './tool-card.js';
import type { WebmcpToolCard } from './tool-card.js';

describe('<webmcp-tool-card>', () => {
  it('shows the tool title, a line of arguments, status and duration; raw JSON only with debug', async () => {
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
    expect(root.querySelector('.args')!.textContent).to.equal('Query: mug');
    expect(root.querySelector('details, pre')).to.equal(null);
    el.status = 'done';
    el.durationMs = 41.6;
    el.result = '{"hits":2}';
    await el.updateComplete;
    expect(root.querySelector('.duration')!.textContent).to.equal('42 ms');
    expect(root.querySelector('.status')!.textContent).to.equal('Done');
    expect(root.textContent).to.not.contain('{"hits"');
    el.debug = true;
    await el.updateComplete;
    const raw = [...root.querySelectorAll<HTMLDetailsElement>('details.raw')];
    expect(raw.map((d) => d.querySelector('summary')!.textContent)).to.deep.equal(['Arguments', 'Result']);
    expect(raw.every((d) => !d.open)).to.equal(true);
    expect(raw[0]!.querySelector('pre')!.textContent).to.contain('"query": "mug"');
    expect(raw[1]!.querySelector('pre')!.textContent).to.equal('{"hits":2}');
    await expect(el).to.be.accessible();
  });

  it('shows an object result as key–value rows, humanized, nested lists compact', async () => {
    const result = JSON.stringify({
      orderId: 'ord_7',
      total_price: 42.5,
      items: [
        { name: 'Speckled mug', price: 18, quantity: 2 },
        { title: 'Beeswax candle', price: 6.5 },
      ],
      shipping: { city: 'Lyon', days: 3 },
    });
    const el = await fixture<WebmcpToolCard>(
      html`<webmcp-tool-card name="checkout" status="done" .result=${result}></webmcp-tool-card>`,
    );
    const rows = [...el.shadowRoot!.querySelectorAll('.view .rows > .row')].map((row) => [
      row.querySelector('dt')!.textContent,
      row.querySelector('dd')!.innerText.replace(/\s+/g, ' ').trim(),
    ]);
    expect(rows).to.deep.equal([
      ['Order id', 'ord_7'],
      ['Total price', '42.5'],
      ['Items', 'Speckled mug · price 18 · quantity 2 Beeswax candle · price 6.5'],
      ['Shipping', 'City: Lyon, Days: 3'],
    ]);
    expect(el.shadowRoot!.querySelectorAll('.rows li')).to.have.length(2);
    expect(el.shadowRoot!.textContent).to.not.contain('{"');
    await expect(el).to.be.accessible();
  });

  it('shows an array result as a compact list, cut after eight with "+N more"', async () => {
    const products = Array.from({ length: 11 }, (_, i) => ({ id: `p${i}`, name: `Mug ${i}`, price: 10 + i, art: '…' }));
    const el = await fixture<WebmcpToolCard>(
      html`<webmcp-tool-card
        name="search_products"
        status="done"
        .result=${JSON.stringify(products)}
      ></webmcp-tool-card>`,
    );
    const items = [...el.shadowRoot!.querySelectorAll('.view .list > li')].map((li) => li.textContent);
    expect(items).to.have.length(9);
    expect(items[0]).to.equal('Mug 0 · price 10');
    expect(items.at(-1)).to.equal('+3 more');
    el.result = '[]';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.view .note')!.textContent).to.equal('Nothing found');
    await expect(el).to.be.accessible();
  });

  it('lets the page render a result itself, and falls back to the readable view on null', async () => {
    const calls: unknown[] = [];
    const render = (call: { name: string; result: unknown }) => {
      calls.push(call);
      if (call.name !== 'search_products') return null;
      const list = document.createElement('ul');
      list.className = 'product-cards';
      for (const p of call.result as Array<{ name: string }>)
        list.append(Object.assign(document.createElement('li'), { textContent: p.name }));
      return list;
    };
    const el = await fixture<WebmcpToolCard>(
      html`<webmcp-tool-card
        tool-call-id="c9"
        name="search_products"
        status="done"
        .parameters=${{ query: 'mug' }}
        .renderResult=${render}
        .result=${JSON.stringify([{ name: 'Speckled mug' }, { name: 'Tall mug' }])}
      ></webmcp-tool-card>`,
    );
    const cards = el.shadowRoot!.querySelector('.view ul.product-cards')!;
    expect([...cards.children].map((c) => c.textContent)).to.deep.equal(['Speckled mug', 'Tall mug']);
    expect(calls[0]).to.deep.include({ toolCallId: 'c9', name: 'search_products', isError: false, origin: 'webmcp' });
    // Re-rendering the card for another reason does not ask again.
    el.durationMs = 5;
    await el.updateComplete;
    expect(calls).to.have.length(1);
    el.name = 'get_cart';
    el.result = '{"count":1}';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.view .rows')).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('marks a tool the shop’s server ran', async () => {
    const el = await fixture<WebmcpToolCard>(
      html`<webmcp-tool-card
        name="shipping_quote"
        origin="server"
        status="done"
        .durationMs=${120}
        .result=${'{"days":2}'}
      ></webmcp-tool-card>`,
    );
    expect(el.shadowRoot!.querySelector('.by')!.textContent).to.equal('Run by the shop’s server');
    expect(el.shadowRoot!.querySelector('.duration')!.textContent).to.equal('120 ms');
    await expect(el).to.be.accessible();
  });

  it('asks for consent with three answers, each reported by an event that stays inside the widget', async () => {
    const el = await fixture<WebmcpToolCard>(
      html`<webmcp-tool-card tool-call-id="c2" name="checkout" status="consent"></webmcp-tool-card>`,
    );
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.consent button')];
    expect(buttons.map((b) => b.textContent)).to.deep.equal(['Allow once', 'Allow for this site', 'Deny']);
    expect(el.shadowRoot!.querySelector('.consent .question')!.textContent).to.equal(
      'Allow the assistant to run checkout?',
    );
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

  it('shows a failed call as an error note', async () => {
    const el = await fixture<WebmcpToolCard>(
      html`<webmcp-tool-card name="get_product" status="error" .result=${'No product with id x'}></webmcp-tool-card>`,
    );
    const note = el.shadowRoot!.querySelector('.view .note.error')!;
    expect(note.textContent).to.equal('No product with id x');
    expect(el.shadowRoot!.querySelector('details')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('says what will happen before asking: title, description, and the page’s summary or the arguments', async () => {
    const el = await fixture<WebmcpToolCard>(
      html`<webmcp-tool-card
        name="checkout"
        tool-title="Check out"
        description="Places the order for everything in the cart."
        status="consent"
        .parameters=${{ paymentMethod: 'card', giftWrap: true }}
      ></webmcp-tool-card>`,
    );
    const consent = el.shadowRoot!.querySelector('.consent')!;
    expect(consent.querySelector('.question')!.textContent).to.equal('Allow the assistant to run Check out?');
    expect(consent.querySelector('.description')!.textContent).to.equal('Places the order for everything in the cart.');
    const args = [...consent.querySelectorAll('.summary .row')].map((r) => r.textContent!.replace(/\s+/g, ' ').trim());
    expect(args).to.deep.equal(['Payment method card', 'Gift wrap true']);
    el.summary = '2 × Speckled mug — $36.00\nTotal: $36.00';
    await el.updateComplete;
    const summary = consent.querySelector('p.summary')!;
    expect(summary.textContent).to.equal('2 × Speckled mug — $36.00\nTotal: $36.00');
    expect(getComputedStyle(summary).whiteSpace).to.equal('pre-line');
    expect(consent.querySelector('.actions')!.getAttribute('role')).to.equal('group');
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
    expect(root.querySelector('.question')!.textContent).to.contain('checkout');
    await expect(el).to.be.accessible();
  });
});
