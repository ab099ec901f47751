import { LitElement, html, nothing } from 'lit';
import type { ConversationDetail, TranscriptEntry, TranscriptToolResult } from './admin-api.js';
import { conversationDetailStyles } from './conversation-detail.styles.js';
import { duration, resultRows, when } from './format.js';

/**
 * One conversation's transcript: user and assistant messages, and each tool call with where it ran
 * (page or server), its own duration, its arguments and its result as key–value rows.
 */
export class WcConversationDetail extends LitElement {
  static override styles = conversationDetailStyles;

  static override properties = {
    detail: { attribute: false },
  };

  /** The conversation shown. */
  declare detail: ConversationDetail | undefined;

  constructor() {
    super();
    this.detail = undefined;
  }

  #renderRows(label: string, rows: Array<[string, string]>) {
    return html`<table class="kv" aria-label=${label}>
      <tbody>
        ${rows.map(
          ([k, v]) =>
            html`<tr>
              <th scope="row">${k || html`<span class="muted">text</span>`}</th>
              <td>${v}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  #renderResult(name: string, result: TranscriptToolResult | undefined) {
    if (!result) return html`<p class="muted">No result yet (still with the page).</p>`;
    if (result.error !== null) return html`<p class="error">Error: ${result.error}</p>`;
    // The API gives a JSON object or array result as its value, other results as text.
    const text = typeof result.result === 'string' ? result.result : JSON.stringify(result.result ?? '');
    return this.#renderRows(`Result of ${name}`, resultRows(text));
  }

  #renderEntry(entry: TranscriptEntry) {
    const at = entry.createdAt ? when(entry.createdAt) : '';
    if (entry.role === 'user') {
      return html`<div class="entry">
        <span class="role">User</span> <span class="muted">${at}</span>
        <div>${entry.content}</div>
      </div>`;
    }
    return html`<div class="entry">
      <span class="role">Assistant</span> <span class="muted">${at}</span>
      ${entry.content !== null ? html`<div>${entry.content}</div>` : nothing}
      ${entry.toolCalls.map((call) => {
        const result = entry.toolResults.find((r) => r.id === call.id);
        return html`<div class="tool" role="group" aria-label="Tool call ${call.name}" data-tool=${call.name}>
          <div>
            <code>${call.name}</code>
            <span class="badge" data-origin=${result?.origin ?? 'page'}>${result?.origin ?? 'page'}</span>
            ${result?.durationMs != null ? html`<span class="muted duration">${duration(result.durationMs)}</span>` : nothing}
          </div>
          ${
            Object.keys(call.arguments).length > 0
              ? this.#renderRows(
                  `Arguments of ${call.name}`,
                  Object.entries(call.arguments).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
                )
              : html`<p class="muted">No arguments.</p>`
          }
          ${this.#renderResult(call.name, result)}
        </div>`;
      })}
    </div>`;
  }

  override render() {
    const value = this.detail;
    if (!value) return nothing;
    return html`<p class="muted">
        Surface <code>${value.conversation.surfaceId}</code> · <code>${value.conversation.origin}</code>
      </p>
      ${value.transcript.map((e) => this.#renderEntry(e))}
      ${
        value.unfinishedRuns.length > 0
          ? html`<p class="muted">
              Unfinished runs: ${value.unfinishedRuns.map((r) => `${r.executionId} (${r.status})`).join(', ')}
            </p>`
          : nothing
      }`;
  }
}

if (!customElements.get('wc-conversation-detail'))
  customElements.define('wc-conversation-detail', WcConversationDetail);

declare global {
  interface HTMLElementTagNameMap {
    'wc-conversation-detail': WcConversationDetail;
  }
}
