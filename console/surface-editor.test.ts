import { expect, fixture, html } from '@open-wc/testing';
import './surface-editor.js';
import type { WcSurfaceEditor } from './surface-editor.js';
import { testApi, until } from './test-support/api.js';

describe('<wc-surface-editor>', () => {
  it('edits a token’s origins in place, asking before a removal, and keeps the other origins', async () => {
    const api = testApi();
    const el = await fixture<WcSurfaceEditor>(
      html`<wc-surface-editor .api=${api} .surface=${await api.surface('editor')}></wc-surface-editor>`,
    );
    await expect(el).to.be.accessible();
    const origins = () => [...el.shadowRoot!.querySelectorAll('ul.origins li code')].map((c) => c.textContent!.trim());
    expect(origins()).to.deep.equal(['https://a.example', 'https://b.example']);

    const form = el.shadowRoot!.querySelector<HTMLFormElement>('form[aria-label="Add an origin to ct_test_editor"]')!;
    form.querySelector('input')!.value = 'https://c.example';
    form.requestSubmit();
    await until(el, () => origins().length === 3);
    expect((await api.surface('editor')).clientTokens[0]!.allowedOrigins).to.deep.equal([
      'https://a.example',
      'https://b.example',
      'https://c.example',
    ]);

    const asked: string[] = [];
    const confirmBefore = window.confirm;
    try {
      // The operator first says no, then yes.
      window.confirm = (message?: string) => (asked.push(String(message)), asked.length > 1);
      const remove = () =>
        el.shadowRoot!.querySelector<HTMLButtonElement>(
          'button[aria-label="Remove origin https://c.example from ct_test_editor"]',
        )!;
      remove().click();
      await el.updateComplete;
      expect(origins()).to.have.length(3);
      remove().click();
      await until(el, () => origins().length === 2);
    } finally {
      window.confirm = confirmBefore;
    }
    expect(asked[0]).to.contain('Remove https://c.example from ct_test_editor?');
    expect((await api.surface('editor')).clientTokens[0]!.allowedOrigins).to.deep.equal([
      'https://a.example',
      'https://b.example',
    ]);
    const summaries = (await api.audit()).map((e) => e.summary);
    expect(summaries).to.include('origins of ct_test_editor: +https://c.example');
    expect(summaries).to.include('origins of ct_test_editor: −https://c.example');
  });
});
