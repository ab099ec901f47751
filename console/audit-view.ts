import { html, nothing } from 'lit';
import { PolledView } from './polled-view.js';
import type { AdminApi, AuditEntry } from './admin-api.js';
import { auditViewStyles } from './audit-view.styles.js';
import { when } from './format.js';

/** Admin changes (`GET /v1/admin/audit`), newest first: who, what, when. Refreshes itself. */
export class WcAuditView extends PolledView<AuditEntry[]> {
  static override styles = auditViewStyles;

  protected override fetch(api: AdminApi, signal: AbortSignal) {
    return api.audit(signal);
  }

  override render() {
    const value = this.load.value;
    return html`<section aria-labelledby="heading">
      <h2 id="heading">Changes</h2>
      ${this.loadLines('No changes made through the admin API yet.', (v) => v.length === 0)}
      ${
        value && value.length > 0
          ? html`<table aria-labelledby="heading">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Target</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                ${value.map(
                  (e) =>
                    html`<tr data-action=${e.action}>
                      <td>${when(e.at)}</td>
                      <td>${e.actor}</td>
                      <td><code>${e.action}</code></td>
                      <td><code>${e.target}</code></td>
                      <td>${e.summary}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : nothing
      }
    </section>`;
  }
}

if (!customElements.get('wc-audit-view')) customElements.define('wc-audit-view', WcAuditView);

declare global {
  interface HTMLElementTagNameMap {
    'wc-audit-view': WcAuditView;
  }
}
