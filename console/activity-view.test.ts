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

  it('reads the window the operator picks, again on each change', async () => {
    const api = testApi();
    const asked: number[] = [];
    const activity = api.activity.bind(api);
    api.activity = (days, surfaceId, signal) => {
      asked.push(days);
      return activity(days, surfaceId, signal);
    };
    const el = await fixture<WcActivityView>(html`<wc-activity-view .api=${api}></wc-activity-view>`);
    await until(el, () => el.shadowRoot!.querySelector('tbody tr'));
    const select = el.shadowRoot!.querySelector('select')!;
    expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal([
      'the last day',
      'the last 7 days',
      'the last 30 days',
      'the last 90 days',
    ]);
    expect(select.value).to.equal('7');
    select.value = '30';
    select.dispatchEvent(new Event('change'));
    await until(el, () => asked.includes(30));
    expect(asked[0]).to.equal(7);
    expect(el.days).to.equal(30);
  });
});
