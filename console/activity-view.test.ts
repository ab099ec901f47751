import { expect, fixture, html } from '@open-wc/testing';
import './activity-view.js';
import type { WcActivityView } from './activity-view.js';
import { testApi, until } from './test-support/api.js';

const metric = (row: Element, name: string) => row.querySelector(`[data-metric="${name}"]`)!.textContent!.trim();

describe('<wc-activity-view>', () => {
  it('charts calls, error and denial rates and p50/p95 per tool and kind from the seeded calls, accessibly', async () => {
    const el = await fixture<WcActivityView>(html`<wc-activity-view .api=${testApi()}></wc-activity-view>`);
    const rows = await until(el, () => {
      const found = el.shadowRoot!.querySelectorAll('tbody tr');
      return found.length > 0 ? [...found] : undefined;
    });
    const table = rows.map((r) => [
      r.getAttribute('data-tool'),
      r.getAttribute('data-kind'),
      metric(r, 'calls'),
      metric(r, 'error-rate'),
      metric(r, 'denial-rate'),
      metric(r, 'p50'),
      metric(r, 'p95'),
    ]);
    expect(table).to.deep.equal([
      ['checkout', 'page', '1', '0%', '100.0%', '10 ms', '10 ms'],
      ['search_products', 'page', '2', '0%', '0%', '80 ms', '120 ms'],
      ['shipping_quote', 'server', '1', '100.0%', '0%', '40 ms', '40 ms'],
    ]);
    // Bars are drawn to scale: the busiest tool's calls bar is full width.
    const fill = (row: Element, kind: string) => Number(row.querySelector(`svg.${kind} .fill`)!.getAttribute('width'));
    expect(fill(rows[1]!, 'calls')).to.equal(120);
    expect(fill(rows[0]!, 'calls')).to.equal(60);
    expect(rows[2]!.querySelector('svg.errors')!.getAttribute('aria-label')).to.equal(
      'shipping_quote (server): error rate 100.0%',
    );
    await expect(el).to.be.accessible();
  });
});
