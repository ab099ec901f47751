import { html, nothing, type PropertyValues } from 'lit';
import { ApiView } from './api-view.js';
import type { Surface } from './admin-api.js';
import { LoadController, LoadStatus } from './controllers/load.js';
import { PollController } from './controllers/poll.js';
import { describeError } from './format.js';
import './surface-editor.js';
import { surfacesViewStyles } from './surfaces-view.styles.js';

/** Every surface (`GET /v1/admin/surfaces`), each in a `<wc-surface-editor>`; refreshes itself (typed form input stays). */
export class WcSurfacesView extends ApiView {
  static override styles = surfacesViewStyles;

  private readonly load = new LoadController<Surface[]>(this, (signal) => this.api!.surfaces(signal));

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
        <h2 id="heading">Surfaces</h2>
        <button class="secondary" @click=${() => void this.load.run()}>Refresh surfaces</button>
      </div>
      ${status === LoadStatus.pending && !value ? html`<p role="status">Loading…</p>` : nothing}
      ${status === LoadStatus.error ? html`<p class="alert" role="alert">${describeError(error)}</p>` : nothing}
      ${value?.length === 0 ? html`<p class="muted">No surfaces.</p>` : nothing}
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
