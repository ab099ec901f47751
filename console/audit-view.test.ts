import { expect, fixture, html } from '@open-wc/testing';
import './audit-view.js';
import type { WcAuditView } from './audit-view.js';
import { surfaceBody } from './admin-api.js';
import { testApi, until } from './test-support/api.js';

describe('<wc-audit-view>', () => {
  it('lists admin changes with who, what and when, and picks up a new one on refresh, accessibly', async () => {
    const api = testApi();
    const el = await fixture<WcAuditView>(html`<wc-audit-view .api=${api}></wc-audit-view>`);
    await until(el, () => el.shadowRoot!.querySelector('table, p.muted'));
    const body = surfaceBody(await api.surface('notes'));
    await api.putSurface('notes', { ...body, welcomeMessage: `Changed at ${Date.now()}` });
    el.revision++;
    const row = await until(el, () =>
      [...el.shadowRoot!.querySelectorAll('tr[data-action="surface.update"]')].find((r) =>
        r.textContent!.includes('welcome message changed'),
      ),
    );
    expect(row.textContent).to.contain('admin');
    expect(row.textContent).to.contain('surface:notes');
    await expect(el).to.be.accessible();
  });
});
