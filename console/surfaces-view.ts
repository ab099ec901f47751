import { html } from 'lit';
import { PolledView } from './polled-view.js';
import type { AdminApi, Surface } from './admin-api.js';
import './surface-editor.js';
import { surfacesViewStyles } from './surfaces-view.styles.js';

/** Every surface (`GET /v1/admin/surfaces`), each in a `<wc-surface-editor>`; refreshes itself (typed form input stays). */
export class WcSurfacesView extends PolledView<Surface[]> {
  static override styles = surfacesViewStyles;

  protected override fetch(api: AdminApi, signal: AbortSignal) {
    return api.surfaces(signal);
  }

  override render() {
    const value = this.load.value;
    return html`<section aria-labelledby="heading">
      <div class="toolbar">
        <h2 id="heading">Surfaces</h2>
        <button class="secondary" @click=${() => void this.load.run()}>Refresh surfaces</button>
      </div>
      ${this.loadLines('No surfaces.', (v) => v.length === 0)}
      ${(value ?? []).map((surface) => html`<wc-surface-editor .api=${this.api} .surface=${surface}></wc-surface-editor>`)}
    </section>`;
  }
}

if (!customElements.get('wc-surfaces-view')) customElements.define('wc-surfaces-view', WcSurfacesView);

declare global {
  interface HTMLElementTagNameMap {
    'wc-surfaces-view': WcSurfacesView;
  }
}
