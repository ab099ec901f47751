import { expect, fixture, html } from '@open-wc/testing';
import './conversations-view.js';
import type { WcConversationsView } from './conversations-view.js';
import { testApi, until } from './test-support/api.js';

const shown = (el: WcConversationsView) =>
  [...el.shadowRoot!.querySelectorAll('tbody tr[data-conversation]')].map((r) => r.getAttribute('data-conversation'));

describe('<wc-conversations-view>', () => {
  it('searches and filters, keeps the typed filters across refreshes, and shows calls with origins, durations and key–value results', async () => {
    const el = await fixture<WcConversationsView>(
      html`<wc-conversations-view .api=${testApi()}></wc-conversations-view>`,
    );
    await until(el, () => shown(el).length > 0);
    expect(shown(el)).to.deep.equal(['conv_checkout', 'conv_mug']);
    await expect(el).to.be.accessible();

    const form = el.shadowRoot!.querySelector<HTMLFormElement>('form[aria-label="Search conversations"]')!;
    form.querySelector<HTMLInputElement>('input[name="q"]')!.value = 'BLUE mug';
    form.requestSubmit();
    await until(el, () => shown(el).length === 1 && shown(el)[0] === 'conv_mug');

    form.querySelector<HTMLInputElement>('input[name="q"]')!.value = '';
    form.querySelector<HTMLInputElement>('input[name="denied"]')!.checked = true;
    form.requestSubmit();
    await until(el, () => shown(el).length === 1 && shown(el)[0] === 'conv_checkout');
    // A refresh leaves the form as the operator left it.
    el.revision++;
    await el.updateComplete;
    expect(form.querySelector<HTMLInputElement>('input[name="denied"]')!.checked).to.equal(true);

    form.querySelector<HTMLInputElement>('input[name="denied"]')!.checked = false;
    form.querySelector<HTMLInputElement>('input[name="tool"]')!.value = 'shipping_quote';
    form.requestSubmit();
    await until(el, () => shown(el).length === 1 && shown(el)[0] === 'conv_mug');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label="Show conversation conv_mug"]')!.click();
    const detail = await until(el, () => el.shadowRoot!.querySelector('wc-conversation-detail'));
    await detail.updateComplete;
    const calls = [...detail.shadowRoot!.querySelectorAll('.tool')].map((t) => [
      t.getAttribute('data-tool'),
      t.querySelector('.badge')!.textContent!.trim(),
      t.querySelector('.duration')!.textContent!.trim(),
    ]);
    expect(calls).to.deep.equal([
      ['search_products', 'page', '120 ms'],
      ['search_products', 'page', '80 ms'],
      ['shipping_quote', 'server', '40 ms'],
    ]);
    expect(detail.shadowRoot!.querySelector('.tool .error')!.textContent).to.contain('boom');
    await expect(el).to.be.accessible();
  });
});
