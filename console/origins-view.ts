import { html, nothing } from 'lit';
import { PolledView } from './polled-view.js';
import type { AdminApi, OriginSighting } from './admin-api.js';
import { when } from './format.js';
import { originsViewStyles } from './origins-view.styles.js';

/** The browser origins that used each surface (`GET /v1/admin/origins`), with request counts. */
export class WcOriginsView extends PolledView<OriginSighting[]> {
  static override styles = originsViewStyles;

  protected override fetch(api: AdminApi, signal: AbortSignal) {
    return api.origins(signal);
  }

  override render() {
    const value = this.load.value;
    return html`<section aria-labelledby="heading">
      <div class="toolbar">
        <h2 id="heading">Observed origins</h2>
        <button class="secondary" @click=${() => void this.load.run()}>Refresh origins</button>
      </div>
      ${this.loadLines('No origin has used a surface yet.', (v) => v.length === 0)}
      ${
        value && value.length > 0
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
