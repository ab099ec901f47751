import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ApiView } from './api-view.js';
import type { AdminApi } from './admin-api.js';
import { LoadController, LoadStatus } from './controllers/load.js';
import { PollController } from './controllers/poll.js';
import { describeError } from './format.js';

/**
 * A console view that shows one admin API read and keeps it fresh: it loads when the client or the
 * app's revision changes (or one of `reloadOn`), polls while visible, and draws the same loading,
 * error and empty lines as every other view above its own content.
 */
export abstract class PolledView<T> extends ApiView {
  protected readonly load: LoadController<T>;

  constructor() {
    super();
    this.load = new LoadController<T>(this, (signal) => this.fetch(this.api!, signal));
    new PollController(this, () => void this.load.run());
  }

  /** The read this view shows. */
  protected abstract fetch(api: AdminApi, signal: AbortSignal): Promise<T>;

  /** The view's own properties whose change means a new read (filters, windows). */
  protected reloadOn(): readonly string[] {
    return [];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const own = changed as Map<PropertyKey, unknown>;
    if (this.apiChanged(changed) || (this.api && this.reloadOn().some((key) => own.has(key)))) void this.load.run();
  }

  /** "Loading…" before the first result, the error of the last read, and `empty` when `isEmpty(value)`. */
  protected loadLines(empty: string, isEmpty: (value: T) => boolean): TemplateResult {
    const { status, value, error } = this.load;
    return html`${status === LoadStatus.pending && value === undefined ? html`<p role="status">Loading…</p>` : nothing}
    ${status === LoadStatus.error ? html`<p class="alert" role="alert">${describeError(error)}</p>` : nothing}
    ${value !== undefined && isEmpty(value) ? html`<p class="muted">${empty}</p>` : nothing}`;
  }
}

/** The "last N days" window picker of the activity and tools views. */
export function windowSelect(label: string, days: number, choose: (days: number) => void): TemplateResult {
  return html`<label
    >${label}
    <select @change=${(e: Event) => choose(Number((e.currentTarget as HTMLSelectElement).value))}>
      ${[1, 7, 30, 90].map(
        (d) => html`<option value=${d} ?selected=${days === d}>the last ${d === 1 ? 'day' : `${d} days`}</option>`,
      )}
    </select>
  </label>`;
}
