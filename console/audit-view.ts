import { html, nothing, type PropertyValues } from 'lit';
import { ApiView } from './api-view.js';
import type { AuditEntry } from './admin-api.js';
import { auditViewStyles } from './audit-view.styles.js';
import { LoadController, LoadStatus } from './controllers/load.js';
import { PollController } from './controllers/poll.js';
import { describeError, when } from './format.js';

/** Admin changes (`GET /v1/admin/audit`), newest first: who, what, when. Refreshes itself. */
export class WcAuditView extends ApiView {
  static override styles = auditViewStyles;

  private readonly load = new LoadController<AuditEntry[]>(this, (signal) => this.api!.audit(signal));

  constructor() {
    super();
    new PollController(this, () => void this.load.run());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.apiChanged(changed)) void this.load.run();
  }

  override render() {
    const { status, value, error } = this.load;
    return html`<section aria-labelledby="heading">
      <h2 id="heading">Changes</h2>
      ${status === LoadStatus.pending && !value ? html`<p role="status">Loading…</p>` : nothing}
      ${status === LoadStatus.error ? html`<p class="alert" role="alert">${describeError(error)}</p>` : nothing}
      ${value?.length === 0 ? html`<p class="muted">No changes made through the admin API yet.</p>` : nothing}
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
