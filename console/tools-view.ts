import { html, nothing, type PropertyValues } from 'lit';
import { ApiView } from './api-view.js';
import { ALLOWABLE_REASONS, AdminApiError, type ToolSighting } from './admin-api.js';
import { LoadController, LoadStatus } from './controllers/load.js';
import { PollController } from './controllers/poll.js';
import { SurfaceSavedEvent } from './events/surface-saved.js';
import { describeError, reasonText, splitIssue, when } from './format.js';
import { toolsViewStyles } from './tools-view.styles.js';

/**
 * The page tools seen over the last days (`GET /v1/admin/tools?surface=&days=`), grouped by surface
 * and origin, admitted or rejected with the reason — the server's policy, or the widget's own
 * (policy or limit) for tools it left out; a rejected tool a rule can admit gets an "Allow" button
 * that extends the origin's rule (or creates one). Refreshes itself every few seconds.
 *
 * @fires {SurfaceSavedEvent} wc-surface-saved - A rule was added.
 */
export class WcToolsView extends ApiView {
  static override styles = toolsViewStyles;

  private readonly load = new LoadController<ToolSighting[]>(this, (signal) =>
    this.api!.tools(this.surfaceFilter || undefined, signal, this.days),
  );

  static override properties = {
    surfaceFilter: { state: true },
    knownSurfaces: { state: true },
    days: { state: true },
    saving: { state: true },
    issues: { state: true },
  };

  /** The window: tools seen in the last this many days. */
  declare days: number;
  /** True while an Allow is being saved. */
  declare saving: boolean;
  /** Why the last Allow was refused. */
  declare issues: readonly string[];

  /** The surface shown (`''`: all). */
  declare surfaceFilter: string;
  /** Surface ids seen in an unfiltered load, for the filter. */
  declare knownSurfaces: readonly string[];

  constructor() {
    super();
    this.surfaceFilter = '';
    this.knownSurfaces = [];
    this.days = 7;
    this.saving = false;
    this.issues = [];
    new PollController(this, () => void this.load.run());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.apiChanged(changed) || (this.api && (changed.has('surfaceFilter') || changed.has('days'))))
      void this.load.run();
    if (this.load.value && !this.surfaceFilter)
      this.knownSurfaces = [...new Set(this.load.value.map((t) => t.surfaceId))];
  }

  async #allow(tool: ToolSighting): Promise<void> {
    if (!this.api || this.saving) return;
    this.saving = true;
    try {
      const saved = await this.api.allow(tool.surfaceId, tool.origin, tool.toolName);
      this.issues = [];
      this.dispatchEvent(new SurfaceSavedEvent(saved));
    } catch (error) {
      this.issues =
        error instanceof AdminApiError
          ? error.issues.length > 0
            ? error.issues
            : [error.hint || error.code]
          : [String(error)];
    } finally {
      this.saving = false;
    }
  }

  #renderGroup(id: string, tools: ToolSighting[]) {
    const [first] = tools;
    if (!first) return nothing;
    return html`<h3 id=${id}>Surface <code>${first.surfaceId}</code> on <code>${first.origin}</code></h3>
      <table aria-labelledby=${id}>
        <thead>
          <tr>
            <th scope="col">Tool</th>
            <th scope="col">Status</th>
            <th scope="col">Reason</th>
            <th scope="col">Last seen</th>
            <th scope="col">Offered</th>
            <th scope="col"><span class="muted">Action</span></th>
          </tr>
        </thead>
        <tbody>
          ${tools.map(
            (t) =>
              html`<tr data-tool=${t.toolName} data-status=${t.status}>
                <td><code>${t.toolName}</code></td>
                <td class="status-${t.status}">${t.status}</td>
                <td>${reasonText(t.reason)}</td>
                <td>${when(t.lastSeen)}</td>
                <td>${t.count}×</td>
                <td>
                  ${
                    t.status === 'rejected' && ALLOWABLE_REASONS.has(t.reason)
                      ? html`<button
                          ?disabled=${this.saving}
                          aria-label="Allow ${t.toolName} on ${t.origin}"
                          @click=${() => void this.#allow(t)}
                        >
                          Allow
                        </button>`
                      : nothing
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`;
  }

  override render() {
    const { status, value, error } = this.load;
    const groups = new Map<string, ToolSighting[]>();
    for (const t of value ?? []) {
      const key = `${t.surfaceId} ${t.origin}`;
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    return html`<section aria-labelledby="heading">
      <div class="toolbar">
        <h2 id="heading">Discovered tools</h2>
        <label
          >Surface
          <select @change=${(e: Event) => (this.surfaceFilter = (e.currentTarget as HTMLSelectElement).value)}>
            <option value="" ?selected=${this.surfaceFilter === ''}>All surfaces</option>
            ${this.knownSurfaces.map((id) => html`<option value=${id} ?selected=${this.surfaceFilter === id}>${id}</option>`)}
          </select>
        </label>
        <label
          >Seen in
          <select @change=${(e: Event) => (this.days = Number((e.currentTarget as HTMLSelectElement).value))}>
            ${[1, 7, 30, 90].map(
              (d) =>
                html`<option value=${d} ?selected=${this.days === d}>
                  the last ${d === 1 ? 'day' : `${d} days`}
                </option>`,
            )}
          </select>
        </label>
        <button class="secondary" @click=${() => void this.load.run()}>Refresh tools</button>
      </div>
      ${
        this.issues.length > 0
          ? html`<div class="alert" role="alert">
              Rule not added:
              <ul>
                ${this.issues.map((i) => {
                  const { path, message } = splitIssue(i);
                  return html`<li>${path ? html`<code>${path}</code>: ` : nothing}${message}</li>`;
                })}
              </ul>
            </div>`
          : nothing
      }
      ${status === LoadStatus.pending && !value ? html`<p role="status">Loading…</p>` : nothing}
      ${status === LoadStatus.error ? html`<p class="alert" role="alert">${describeError(error)}</p>` : nothing}
      ${value?.length === 0 ? html`<p class="muted">No page tools seen yet.</p>` : nothing}
      ${[...groups.values()].map((tools, i) => this.#renderGroup(`group-${i}`, tools))}
    </section>`;
  }
}

if (!customElements.get('wc-tools-view')) customElements.define('wc-tools-view', WcToolsView);

declare global {
  interface HTMLElementTagNameMap {
    'wc-tools-view': WcToolsView;
  }
}
