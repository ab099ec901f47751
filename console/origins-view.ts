import { html, nothing, type PropertyValues } from 'lit';
import { ApiView } from './api-view.js';
import type { OriginSighting } from './admin-api.js';
import { LoadController, LoadStatus } from './controllers/load.js';
import { PollController } from './controllers/poll.js';
import { describeError, when } from './format.js';
import { originsViewStyles } from './origins-view.styles.js';

/** The browser origins that used each surface (`GET /v1/admin/origins`), with request counts. */
export class WcOriginsView extends ApiView {
  static override styles = originsViewStyles;

  private readonly load = new LoadController<OriginSighting[]>(this, (signal) => this.api!.origins(signal));

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
      <div class="toolbar">
        <h2 id="heading">Observed origins</h2>
        <button class="secondary" @click=${() => void this.load.run()}>Refresh origins</button>
      </div>
      ${status === LoadStatus.pending && !value ? html`<p role="status">Loading…</p>` : nothing}
      ${status === LoadStatus.error ? html`<p class="alert" role="alert">${describeError(error)}</p>` : nothing}
      ${
        value?.length === 0
          ? html`<p class="muted">No origin has used a surface yet.</p>`
          : value
            ? html`<table aria-labelledby="heading">
                <thead>
                  <tr>
                    <th scope="col">Surface</th>
                    <th scope="col">Origin</th>
                    <th scope="col">Requests</th>
                    <th scope="col">First seen</th>
                    <th scope="col">Last seen</th>
                  </tr>
                </thead>
                <tbody>
                  ${value.map(
                    (o) =>
                      html`<tr>
                        <td><code>${o.surfaceId}</code></td>
                        <td><code>${o.origin}</code></td>
                        <td>${o.requests}</td>
                        <td>${when(o.firstSeen)}</td>
                        <td>${when(o.lastSeen)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
            : nothing
      }
    </section>`;
  }
}

if (!customElements.get('wc-origins-view')) customElements.define('wc-origins-view', WcOriginsView);

declare global {
  interface HTMLElementTagNameMap {
    'wc-origins-view': WcOriginsView;
  }
}
