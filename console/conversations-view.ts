import { html, nothing, type PropertyValues } from 'lit';
import { ApiView } from './api-view.js';
import type { ConversationDetail, ConversationFilters, ConversationPage } from './admin-api.js';
import './conversation-detail.js';
import { LoadController, LoadStatus } from './controllers/load.js';
import { PollController } from './controllers/poll.js';
import { conversationsViewStyles } from './conversations-view.styles.js';
import { describeError, when } from './format.js';

/**
 * Conversations (`GET /v1/conversations`): full-text search and filters (surface, origin, tool,
 * had an error, had a denial, date range), pages through the API's cursor, export of the filtered
 * set as JSON Lines, and the chosen conversation in full. The shown page refreshes itself; the
 * filter form and the scroll position are left as they are.
 */
export class WcConversationsView extends ApiView {
  static override styles = conversationsViewStyles;

  private readonly list = new LoadController<ConversationPage>(this, (signal) =>
    this.api!.conversations(this.filters, this.cursors.at(-1), signal),
  );
  private readonly detail = new LoadController<ConversationDetail>(this, (signal) =>
    this.api!.conversation(this.selected, signal),
  );

  static override properties = {
    selected: { state: true },
    filters: { state: true },
    cursors: { state: true },
    exportError: { state: true },
  };

  /** The conversation shown in detail (`''`: none). */
  declare selected: string;
  /** The applied filters. */
  declare filters: ConversationFilters;
  /** The cursors of the pages before the shown one; empty on the first page. */
  declare cursors: readonly string[];
  /** Why the last export failed. */
  declare exportError: string;

  constructor() {
    super();
    this.selected = '';
    this.filters = {};
    this.cursors = [];
    this.exportError = '';
    new PollController(this, () => {
      void this.list.run();
      if (this.selected) void this.detail.run();
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.api) return;
    if (this.apiChanged(changed) || changed.has('filters') || changed.has('cursors')) void this.list.run();
    if (this.selected && (changed.has('selected') || changed.has('api'))) void this.detail.run();
  }

  #apply(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const day = (name: string, end: boolean) =>
      text(name) ? new Date(`${text(name)}T${end ? '23:59:59.999' : '00:00:00.000'}`).toISOString() : '';
    this.filters = {
      q: text('q'),
      surface: text('surface'),
      origin: text('origin'),
      tool: text('tool'),
      error: data.get('error') === 'on',
      denied: data.get('denied') === 'on',
      from: day('from', false),
      to: day('to', true),
    };
    this.cursors = [];
  }

  #clear(event: Event): void {
    (event.currentTarget as HTMLButtonElement).form?.reset();
    this.filters = {};
    this.cursors = [];
  }

  async #export(): Promise<void> {
    if (!this.api) return;
    try {
      const blob = await this.api.exportConversations(this.filters);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = 'conversations.jsonl';
      link.click();
      URL.revokeObjectURL(link.href);
      this.exportError = '';
    } catch (error) {
      this.exportError = describeError(error);
    }
  }

  #renderFilters() {
    return html`<form class="filters" aria-label="Search conversations" @submit=${this.#apply}>
      <label>Words <input type="search" name="q" maxlength="256" autocomplete="off" /></label>
      <label>Surface <input type="text" name="surface" autocomplete="off" spellcheck="false" /></label>
      <label>Origin <input type="text" name="origin" autocomplete="off" spellcheck="false" /></label>
      <label>Tool used <input type="text" name="tool" autocomplete="off" spellcheck="false" /></label>
      <label>From <input type="date" name="from" /></label>
      <label>To <input type="date" name="to" /></label>
      <label class="inline"><input type="checkbox" name="error" /> Had an error</label>
      <label class="inline"><input type="checkbox" name="denied" /> Had a denial</label>
      <button type="submit">Search</button>
      <button type="button" class="secondary" @click=${this.#clear}>Clear</button>
      <button type="button" class="secondary" @click=${() => void this.#export()}>Export JSONL</button>
    </form>`;
  }

  #renderTable(page: ConversationPage) {
    if (page.conversations.length === 0) return html`<p class="muted">No conversations match.</p>`;
    return html`<table aria-labelledby="heading">
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
          ${page.conversations.map(
            (c) =>
              html`<tr data-conversation=${c.id}>
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
      </table>
      <nav class="pager" aria-label="Conversation pages">
        <button
          class="secondary"
          ?disabled=${this.cursors.length === 0}
          @click=${() => (this.cursors = this.cursors.slice(0, -1))}
        >
          Newer
        </button>
        <span class="muted">Page ${this.cursors.length + 1}</span>
        <button
          class="secondary"
          ?disabled=${!page.nextCursor}
          @click=${() => page.nextCursor && (this.cursors = [...this.cursors, page.nextCursor])}
        >
          Older
        </button>
      </nav>`;
  }

  override render() {
    const { status, value, error } = this.list;
    const detail = this.detail.value;
    return html`<section aria-labelledby="heading">
      <div class="toolbar">
        <h2 id="heading">Conversations</h2>
        <button
          class="secondary"
          @click=${() => {
            void this.list.run();
            if (this.selected) void this.detail.run();
          }}
        >
          Refresh conversations
        </button>
      </div>
      ${this.#renderFilters()}
      ${this.exportError ? html`<p class="alert" role="alert">Export failed: ${this.exportError}</p>` : nothing}
      ${status === LoadStatus.pending && !value ? html`<p role="status">Loading…</p>` : nothing}
      ${status === LoadStatus.error ? html`<p class="alert" role="alert">${describeError(error)}</p>` : nothing}
      ${value ? this.#renderTable(value) : nothing}
      ${
        this.selected
          ? html`<section class="detail" aria-labelledby="detail-heading">
              <h3 id="detail-heading">Conversation <code>${this.selected}</code></h3>
              ${
                this.detail.status === LoadStatus.error
                  ? html`<p class="alert" role="alert">${describeError(this.detail.error)}</p>`
                  : nothing
              }
              ${
                detail && detail.conversation.id === this.selected
                  ? html`<wc-conversation-detail .detail=${detail}></wc-conversation-detail>`
                  : html`<p role="status">Loading…</p>`
              }
            </section>`
          : nothing
      }
    </section>`;
  }
}

if (!customElements.get('wc-conversations-view')) customElements.define('wc-conversations-view', WcConversationsView);

declare global {
  interface HTMLElementTagNameMap {
    'wc-conversations-view': WcConversationsView;
  }
}
