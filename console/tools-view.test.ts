import { expect, fixture, html } from '@open-wc/testing';
import './tools-view.js';
import type { WcToolsView } from './tools-view.js';
import { testApi, until } from './test-support/api.js';

describe('<wc-tools-view>', () => {
  it('lists admitted and rejected page tools; Allow extends the origin’s rule and the next load shows it admitted', async () => {
    const api = testApi();
    const el = await fixture<WcToolsView>(html`<wc-tools-view .api=${api}></wc-tools-view>`);
    const rejected = await until(el, () => el.shadowRoot!.querySelector('tr[data-tool="add_note"]'));
    expect(rejected.getAttribute('data-status')).to.equal('rejected');
    expect(rejected.textContent).to.contain('tool_not_listed');
    expect(el.shadowRoot!.querySelector('tr[data-tool="search_products"]')!.getAttribute('data-status')).to.equal(
      'admitted',
    );
    await expect(el).to.be.accessible();

    const saved = new Promise<Event>((resolve) => el.addEventListener('wc-surface-saved', resolve, { once: true }));
    rejected.querySelector('button')!.click();
    await saved;
    const surface = await api.surface('shop');
    expect(surface.behavior.webmcp.allowlist).to.deep.equal([
      { origin: 'https://a.example', tools: ['search_*', 'add_note'] },
    ]);
    // The newest entry of this surface: other files change their own surfaces meanwhile.
    const audit = (await api.audit()).filter((entry) => entry.target === 'surface:shop');
    expect(audit[0]).to.include({
      action: 'rule.allow',
      actor: 'admin',
      summary: 'allowed add_note on https://a.example',
    });
  });
});
