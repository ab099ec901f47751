import { html, nothing, svg } from 'lit';
import { PolledView, windowSelect } from './polled-view.js';
import type { ActivityReport, AdminApi, ToolActivity } from './admin-api.js';
import { activityViewStyles } from './activity-view.styles.js';
import { duration } from './format.js';

const BAR_WIDTH = 120;

/** A percentage with one decimal, `0%` for none. */
export function percent(part: number, whole: number): string {
  if (whole === 0 || part === 0) return '0%';
  return `${((part / whole) * 100).toFixed(1)}%`;
}

/**
 * Tool activity (`GET /v1/admin/activity?days=`): per tool and where it runs (page or server), the
 * calls, error rate, denial rate and p50/p95 duration over the chosen window, each as a small bar
 * drawn in SVG beside its number. Refreshes itself.
 */
export class WcActivityView extends PolledView<ActivityReport> {
  static override styles = activityViewStyles;

  protected override fetch(api: AdminApi, signal: AbortSignal) {
    return api.activity(this.days, undefined, signal);
  }

  protected override reloadOn() {
    return ['days'];
  }

  static override properties = {
    days: { state: true },
  };

  /** The window, in days up to now. */
  declare days: number;

  constructor() {
    super();
    this.days = 7;
  }

  /** A bar `fraction` (0–1) of the full width, labelled for assistive technology. */
  #bar(fraction: number, label: string, kind: string) {
    const width = Math.max(fraction > 0 ? 2 : 0, Math.round(Math.min(1, fraction) * BAR_WIDTH));
    return html`<svg class="bar ${kind}" width=${BAR_WIDTH} height="10" role="img" aria-label=${label}>
      ${svg`<rect x="0" y="0" width=${BAR_WIDTH} height="10" class="track"></rect>
        <rect x="0" y="0" width=${width} height="10" class="fill"></rect>`}
    </svg>`;
  }

  #renderRow(t: ToolActivity, maxCalls: number, maxMs: number) {
    const name = `${t.toolName} (${t.kind})`;
    const ms = (v: number | null) => (v === null ? '—' : duration(v));
    return html`<tr data-tool=${t.toolName} data-kind=${t.kind}>
      <th scope="row"><code>${t.toolName}</code> <span class="muted">${t.kind}</span></th>
      <td>
        ${this.#bar(t.calls / maxCalls, `${name}: ${t.calls} calls`, 'calls')}
        <span data-metric="calls">${t.calls}</span>
      </td>
      <td>
        ${this.#bar(t.errors / t.calls, `${name}: error rate ${percent(t.errors, t.calls)}`, 'errors')}
        <span data-metric="error-rate">${percent(t.errors, t.calls)}</span>
      </td>
      <td>
        ${this.#bar(t.denials / t.calls, `${name}: denial rate ${percent(t.denials, t.calls)}`, 'denials')}
        <span data-metric="denial-rate">${percent(t.denials, t.calls)}</span>
      </td>
      <td>
        ${this.#bar((t.p50Ms ?? 0) / maxMs, `${name}: p50 ${ms(t.p50Ms)}`, 'p50')}
        <span data-metric="p50">${ms(t.p50Ms)}</span>
      </td>
      <td>
        ${this.#bar((t.p95Ms ?? 0) / maxMs, `${name}: p95 ${ms(t.p95Ms)}`, 'p95')}
        <span data-metric="p95">${ms(t.p95Ms)}</span>
      </td>
    </tr>`;
  }

  override render() {
    const value = this.load.value;
    const tools = value?.tools ?? [];
    const maxCalls = Math.max(1, ...tools.map((t) => t.calls));
    const maxMs = Math.max(1, ...tools.map((t) => t.p95Ms ?? 0));
    return html`<section aria-labelledby="heading">
      <div class="toolbar">
        <h2 id="heading">Tool activity</h2>
        ${windowSelect('Window', this.days, (days) => (this.days = days))}
      </div>
      ${this.loadLines('No tool calls in this window.', (v) => v.tools.length === 0)}
      ${
        tools.length > 0
          ? html`<table aria-labelledby="heading">
              <thead>
                <tr>
                  <th scope="col">Tool</th>
                  <th scope="col">Calls</th>
                  <th scope="col">Errors</th>
                  <th scope="col">Denials</th>
                  <th scope="col">p50</th>
                  <th scope="col">p95</th>
                </tr>
              </thead>
              <tbody>
                ${tools.map((t) => this.#renderRow(t, maxCalls, maxMs))}
              </tbody>
            </table>`
          : nothing
      }
    </section>`;
  }
}

if (!customElements.get('wc-activity-view')) customElements.define('wc-activity-view', WcActivityView);

declare global {
  interface HTMLElementTagNameMap {
    'wc-activity-view': WcActivityView;
  }
}
