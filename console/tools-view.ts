import { html, nothing, type PropertyValues } from 'lit';
import { PolledView, windowSelect } from './polled-view.js';
import { ALLOWABLE_REASONS, AdminApiError, type AdminApi, type ToolSighting } from './admin-api.js';
import { SurfaceSavedEvent } from './events/surface-saved.js';
import { reasonText, splitIssue, when } from './format.js';
import { toolsViewStyles } from './tools-view.styles.js';

/**
 * The page tools seen over the last days (`GET /v1/admin/tools?surface=&days=`), grouped by surface
 * and origin, admitted or rejected with the reason — the server's policy, or the widget's own
 * (policy or limit) for tools it left out; a rejected tool a rule can admit gets an "Allow" button
 * that extends the origin's rule (or creates one). Refreshes itself every few seconds.
 *
 * @fires {SurfaceSavedEvent} wc-surface-saved - A rule was added.
 */
export class WcToolsView extends PolledView<ToolSighting[]> {
  static override styles = toolsViewStyles;

  protected override fetch(api: AdminApi, signal: AbortSignal) {
    return api.tools(this.surfaceFilter || undefined, signal, this.days);
  }

  protected override reloadOn() {
    return ['surfaceFilter', 'days'];
  }

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
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
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
    const value = this.load.value;
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
        ${windowSelect('Seen in', this.days, (days) => (this.days = days))}
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
      ${this.loadLines('No page tools seen yet.', (v) => v.length === 0)}
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
