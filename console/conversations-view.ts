import { html, nothing, type PropertyValues } from 'lit';
import { ApiView } from './api-view.js';
import type { ConversationDetail, ConversationSummary, TranscriptEntry } from './admin-api.js';
import { LoadController, LoadStatus } from './controllers/load.js';
import { conversationsViewStyles } from './conversations-view.styles.js';
import { describeError, when } from './format.js';

/**
 * Recent conversations (`GET /v1/conversations`); choosing one shows its transcript
 * (`GET /v1/conversations/:id`) with each tool call's arguments and result or error.
 */
export class WcConversationsView extends ApiView {
  static override styles = conversationsViewStyles;

  private readonly list = new LoadController<ConversationSummary[]>(this, (signal) => this.api!.conversations(signal));
  private readonly detail = new LoadController<ConversationDetail>(this, (signal) =>
    this.api!.conversation(this.selected, signal),
  );

  static override properties = {
    selected: { state: true },
  };

  /** The conversation shown in detail (`''`: none). */
  declare selected: string;

  constructor() {
    super();
    this.selected = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.api) return;
    if (changed.has('api') || changed.has('revision')) void this.list.run();
    if (this.selected && (changed.has('selected') || changed.has('api'))) void this.detail.run();
  }

  #refresh(): void {
    void this.list.run();
    if (this.selected) void this.detail.run();
  }

  #renderEntry(entry: TranscriptEntry) {
    if (entry.role === 'user') {
      return html`<div class="entry">
        <span class="role">User</span> <span class="muted">${entry.createdAt ? when(entry.createdAt) : ''}</span>
        <div>${entry.content}</div>
      </div>`;
    }
    return html`<div class="entry">
      <span class="role">Assistant</span> <span class="muted">${entry.createdAt ? when(entry.createdAt) : ''}</span>
      ${entry.content !== null ? html`<div>${entry.content}</div>` : nothing}
      ${entry.toolCalls.map((call) => {
        const result = entry.toolResults.find((r) => r.id === call.id);
        return html`<div class="tool" role="group" aria-label="Tool call ${call.name}">
          <div>
            Tool
            <code>${call.name}</code
            >${result?.durationMs != null ? html` <span class="muted">${Math.round(result.durationMs)} ms</span>` : nothing}
          </div>
          <div class="muted">Arguments</div>
          <pre>${JSON.stringify(call.arguments, null, 2)}</pre>
          ${
            !result
              ? html`<div class="muted">No result yet (still with the page).</div>`
              : result.error !== null
                ? html`<div class="error">Error</div>
                    <pre>${result.error}</pre>`
                : html`<div class="muted">Result</div>
                    <pre>${result.result}</pre>`
          }
        </div>`;
      })}
    </div>`;
  }

  #renderDetail() {
    if (!this.selected) return nothing;
    const { status, value, error } = this.detail;
    return html`<section class="detail" aria-labelledby="detail-heading">
      <h3 id="detail-heading">Conversation <code>${this.selected}</code></h3>
      ${status === LoadStatus.pending ? html`<p role="status">Loading…</p>` : nothing}
      ${status === LoadStatus.error ? html`<p class="alert" role="alert">${describeError(error)}</p>` : nothing}
      ${
        value && value.conversation.id === this.selected
          ? html`<p class="muted">
                Surface <code>${value.conversation.surfaceId}</code> · <code>${value.conversation.origin}</code>
              </p>
              ${value.transcript.map((e) => this.#renderEntry(e))}
              ${
                value.unfinishedRuns.length > 0
                  ? html`<p class="muted">
                      Unfinished runs: ${value.unfinishedRuns.map((r) => `${r.executionId} (${r.status})`).join(', ')}
                    </p>`
                  : nothing
              }`
          : nothing
      }
    </section>`;
  }

  override render() {
    const { status, value, error } = this.list;
    return html`<section aria-labelledby="heading">
      <div class="toolbar">
        <h2 id="heading">Recent conversations</h2>
        <button class="secondary" @click=${this.#refresh}>Refresh conversations</button>
      </div>
      ${status === LoadStatus.pending && !value ? html`<p role="status">Loading…</p>` : nothing}
      ${status === LoadStatus.error ? html`<p class="alert" role="alert">${describeError(error)}</p>` : nothing}
      ${
        value?.length === 0
          ? html`<p class="muted">No conversations yet.</p>`
          : value
            ? html`<table aria-labelledby="heading">
                <thead>
                  <tr>
                    <th scope="col">Last activity</th>
                    <th scope="col">Surface</th>
                    <th scope="col">Origin</th>
                    <th scope="col">Messages</th>
                    <th scope="col">Tools</th>
                    <th scope="col"><span class="muted">Action</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${value.map(
                    (c) =>
                      html`<tr>
                        <td>${when(c.updatedAt)}</td>
                        <td><code>${c.surfaceId}</code></td>
                        <td><code>${c.origin}</code></td>
                        <td>${c.messageCount}</td>
                        <td>${c.hasTools ? 'yes' : 'no'}</td>
                        <td>
                          <button
                            class="secondary"
                            aria-pressed=${this.selected === c.id ? 'true' : 'false'}
                            aria-label="Show conversation ${c.id}"
                            @click=${() => (this.selected = c.id)}
                          >
                            Show
                          </button>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
            : nothing
      }
      ${this.#renderDetail()}
    </section>`;
  }
}

if (!customElements.get('wc-conversations-view')) customElements.define('wc-conversations-view', WcConversationsView);

declare global {
  interface HTMLElementTagNameMap {
    'wc-conversations-view': WcConversationsView;
  }
}
