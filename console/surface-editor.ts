import { LitElement, html, nothing } from 'lit';
import type { AdminApi, OriginRule, Surface, SurfaceBody } from './admin-api.js';
import { SurfaceSaveController } from './controllers/surface-save.js';
import { SurfaceSavedEvent } from './events/surface-saved.js';
import { splitIssue, splitList } from './format.js';
import { surfaceEditorStyles } from './surface-editor.styles.js';

/**
 * One surface: its client tokens and their origins (edited in place, one origin at a time, so the
 * others keep working), the WebMCP switch and the allowlist rules, each editable; every edit is
 * saved at once with `PUT /v1/admin/surfaces/:id`, removals ask first, and a refusal's issue paths
 * are shown next to the forms.
 *
 * @fires {SurfaceSavedEvent} wc-surface-saved - An edit was saved.
 */
export class WcSurfaceEditor extends LitElement {
  static override styles = surfaceEditorStyles;

  private readonly save = new SurfaceSaveController(this);

  static override properties = {
    api: { attribute: false },
    surface: { attribute: false },
  };

  /** The admin API client. */
  declare api: AdminApi | undefined;
  /** The surface shown. */
  declare surface: Surface | undefined;

  constructor() {
    super();
    this.api = undefined;
    this.surface = undefined;
  }

  async #apply(edit: (body: SurfaceBody) => SurfaceBody, form?: HTMLFormElement): Promise<void> {
    if (!this.api || !this.surface) return;
    const saved = await this.save.save(this.api, this.surface.id, edit);
    if (!saved) return;
    this.surface = saved;
    form?.reset();
    this.dispatchEvent(new SurfaceSavedEvent(saved));
  }

  #addToken(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const token = String(data.get('token') ?? '').trim();
    const allowedOrigins = splitList(String(data.get('origins') ?? ''));
    void this.#apply((body) => ({ ...body, clientTokens: [...body.clientTokens, { token, allowedOrigins }] }), form);
  }

  #removeToken(token: string): void {
    if (!confirm(`Remove the client token ${token}? Chats on its origins stop working at once.`)) return;
    void this.#apply((body) => ({ ...body, clientTokens: body.clientTokens.filter((t) => t.token !== token) }));
  }

  /** Changes one token's origins in place; the other tokens and origins are saved untouched. */
  #editOrigins(token: string, edit: (origins: string[]) => string[], form?: HTMLFormElement): void {
    void this.#apply(
      (body) => ({
        ...body,
        clientTokens: body.clientTokens.map((t) =>
          t.token === token ? { ...t, allowedOrigins: edit(t.allowedOrigins) } : t,
        ),
      }),
      form,
    );
  }

  #addOrigins(token: string, event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const added = splitList(String(new FormData(form).get('origin') ?? ''));
    this.#editOrigins(token, (origins) => [...origins, ...added.filter((o) => !origins.includes(o))], form);
  }

  #removeOrigin(token: string, origin: string): void {
    if (!confirm(`Remove ${origin} from ${token}? Chats on that origin stop working at once.`)) return;
    this.#editOrigins(token, (origins) => origins.filter((o) => o !== origin));
  }

  #toggleWebmcp(event: Event): void {
    const enabled = (event.currentTarget as HTMLInputElement).checked;
    void this.#apply((body) => ({
      ...body,
      behavior: { ...body.behavior, webmcp: { ...body.behavior?.webmcp, enabled } },
    }));
  }

  #addRule(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const rule: OriginRule = {
      origin: String(data.get('origin') ?? '').trim(),
      tools: splitList(String(data.get('tools') ?? '')),
    };
    void this.#apply((body) => {
      const webmcp = body.behavior?.webmcp ?? { enabled: false };
      return {
        ...body,
        behavior: { ...body.behavior, webmcp: { ...webmcp, allowlist: [...(webmcp.allowlist ?? []), rule] } },
      };
    }, form);
  }

  #removeRule(index: number, rule: OriginRule): void {
    if (!confirm(`Remove the rule for ${rule.origin} (${rule.tools.join(', ')})?`)) return;
    void this.#apply((body) => {
      const webmcp = body.behavior?.webmcp ?? { enabled: false };
      return {
        ...body,
        behavior: {
          ...body.behavior,
          webmcp: { ...webmcp, allowlist: (webmcp.allowlist ?? []).filter((_, i) => i !== index) },
        },
      };
    });
  }

  #renderIssues() {
    if (this.save.issues.length === 0) return nothing;
    return html`<div class="alert" role="alert">
      Not saved:
      <ul>
        ${this.save.issues.map((issue) => {
          const { path, message } = splitIssue(issue);
          return html`<li>${path ? html`<code class="issue-path">${path}</code>: ` : nothing}${message}</li>`;
        })}
      </ul>
    </div>`;
  }

  override render() {
    const surface = this.surface;
    if (!surface) return nothing;
    const id = surface.id;
    const webmcp = surface.behavior?.webmcp ?? { enabled: false };
    const busy = this.save.saving;
    return html`<section aria-labelledby="title">
      <h3 id="title">Surface <code>${id}</code></h3>
      <p class="meta muted">
        Agent <code>${surface.agent}</code> · from the ${surface.source === 'admin' ? 'admin API' : 'config file'}
      </p>
      ${this.#renderIssues()}

      <h4 id="tokens-${id}">Client tokens</h4>
      ${
        surface.clientTokens.length === 0
          ? html`<p class="muted">No client tokens.</p>`
          : html`<table aria-labelledby="tokens-${id}">
              <thead>
                <tr>
                  <th scope="col">Token</th>
                  <th scope="col">Allowed origins</th>
                  <th scope="col"><span class="muted">Action</span></th>
                </tr>
              </thead>
              <tbody>
                ${surface.clientTokens.map(
                  (t) =>
                    html`<tr>
                      <td><code>${t.token}</code></td>
                      <td>
                        <ul class="origins" aria-label="Allowed origins of ${t.token}">
                          ${t.allowedOrigins.map(
                            (o) =>
                              html`<li>
                                <code>${o}</code>
                                <button
                                  class="secondary small"
                                  ?disabled=${busy || t.allowedOrigins.length === 1}
                                  aria-label="Remove origin ${o} from ${t.token}"
                                  @click=${() => this.#removeOrigin(t.token, o)}
                                >
                                  Remove
                                </button>
                              </li>`,
                          )}
                        </ul>
                        <form
                          class="inline-form"
                          aria-label="Add an origin to ${t.token}"
                          @submit=${(e: SubmitEvent) => this.#addOrigins(t.token, e)}
                        >
                          <label
                            >New origin
                            <input
                              type="text"
                              name="origin"
                              required
                              placeholder="https://other.example.com"
                              autocomplete="off"
                              spellcheck="false"
                          /></label>
                          <button type="submit" ?disabled=${busy}>Add origin</button>
                        </form>
                      </td>
                      <td>
                        <button
                          class="secondary"
                          ?disabled=${busy}
                          aria-label="Remove token ${t.token}"
                          @click=${() => this.#removeToken(t.token)}
                        >
                          Remove
                        </button>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      <form aria-label="Add a client token to ${id}" @submit=${this.#addToken}>
        <label
          >Client token
          <input type="text" name="token" required placeholder="ct_live_…" autocomplete="off" spellcheck="false"
        /></label>
        <label
          >Allowed origins
          <input
            type="text"
            name="origins"
            required
            placeholder="https://shop.example.com"
            autocomplete="off"
            spellcheck="false"
        /></label>
        <button type="submit" ?disabled=${busy}>Add token</button>
      </form>

      <h4 id="webmcp-${id}">WebMCP</h4>
      <label class="inline"
        ><input type="checkbox" .checked=${webmcp.enabled} ?disabled=${busy} @change=${this.#toggleWebmcp} /> WebMCP
        enabled</label
      >
      ${
        webmcp.allowlist === undefined
          ? html`<p class="muted">No allowlist: every tool is admitted while WebMCP is on.</p>`
          : webmcp.allowlist.length === 0
            ? html`<p class="muted">The allowlist is empty: no tool is admitted.</p>`
            : html`<table aria-label="Allowlist rules of ${id}">
                <thead>
                  <tr>
                    <th scope="col">Origin</th>
                    <th scope="col">Tools</th>
                    <th scope="col"><span class="muted">Action</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${webmcp.allowlist.map(
                    (rule, i) =>
                      html`<tr>
                        <td><code>${rule.origin}</code></td>
                        <td>${rule.tools.map((t, j) => html`${j > 0 ? ', ' : ''}<code>${t}</code>`)}</td>
                        <td>
                          <button
                            class="secondary"
                            ?disabled=${busy}
                            aria-label="Remove rule ${i + 1} (${rule.origin})"
                            @click=${() => this.#removeRule(i, rule)}
                          >
                            Remove
                          </button>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
      }
      <form aria-label="Add an allowlist rule to ${id}" @submit=${this.#addRule}>
        <label
          >Rule origin
          <input
            type="text"
            name="origin"
            required
            placeholder="https://shop.example.com or *"
            autocomplete="off"
            spellcheck="false"
        /></label>
        <label
          >Tool globs
          <input
            type="text"
            name="tools"
            required
            placeholder="search_*, get_cart"
            autocomplete="off"
            spellcheck="false"
        /></label>
        <button type="submit" ?disabled=${busy}>Add rule</button>
      </form>
    </section>`;
  }
}

if (!customElements.get('wc-surface-editor')) customElements.define('wc-surface-editor', WcSurfaceEditor);

declare global {
  interface HTMLElementTagNameMap {
    'wc-surface-editor': WcSurfaceEditor;
  }
}
