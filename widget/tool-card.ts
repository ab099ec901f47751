import { LitElement, html, nothing } from 'lit';
import type { ToolStatus } from './controllers/chat-controller.js';
import { toolCardStyles } from './tool-card.styles.js';

const STATUS_LABEL: Record<ToolStatus, string> = {
  requested: 'Requested',
  consent: 'Needs your OK',
  running: 'Running…',
  done: 'Done',
  error: 'Failed',
};

/**
 * One tool call: its name, arguments, live status, duration and result, and the consent prompt
 * when the tool needs the user's OK.
 *
 * @fires webmcp-chat-consent - `detail: {toolCallId, answer: 'allow-once' | 'allow-site' | 'deny'}` when the user answers.
 */
export class WebmcpToolCard extends LitElement {
  static override styles = toolCardStyles;

  static override properties = {
    toolCallId: { attribute: 'tool-call-id' },
    name: {},
    toolTitle: { attribute: 'tool-title' },
    parameters: { attribute: false },
    status: { reflect: true },
    result: {},
    durationMs: { attribute: false },
  };

  /** The call's id, echoed in consent events. */
  declare toolCallId: string;
  /** The tool's bare name. */
  declare name: string;
  /** A human title, when the page gave one. */
  declare toolTitle: string;
  /** The call's arguments. */
  declare parameters: unknown;
  /** Live status. */
  declare status: ToolStatus;
  /** Result or error text once finished. */
  declare result: string | undefined;
  /** How long the page took. */
  declare durationMs: number | undefined;

  constructor() {
    super();
    this.toolCallId = '';
    this.name = '';
    this.toolTitle = '';
    this.parameters = {};
    this.status = 'requested';
    this.result = undefined;
    this.durationMs = undefined;
  }

  #answer(answer: 'allow-once' | 'allow-site' | 'deny'): void {
    this.dispatchEvent(new CustomEvent('webmcp-chat-consent', { bubbles: true, composed: true, detail: { toolCallId: this.toolCallId, answer } }));
  }

  override render() {
    const args = JSON.stringify(this.parameters ?? {}, null, 2);
    return html`<div class="card" role="group" aria-label=${`Tool ${this.toolTitle || this.name}: ${STATUS_LABEL[this.status]}`}>
      <div class="head">
        <span class="name">${this.toolTitle || this.name}</span>
        ${this.durationMs !== undefined ? html`<span class="duration">${this.durationMs} ms</span>` : nothing}
        <span class="status" data-status=${this.status}>${STATUS_LABEL[this.status]}</span>
      </div>
      <details>
        <summary>Arguments</summary>
        <pre>${args}</pre>
      </details>
      ${this.result !== undefined
        ? html`<details ?open=${this.status === 'error'}>
            <summary>${this.status === 'error' ? 'Error' : 'Result'}</summary>
            <pre class="result">${this.result}</pre>
          </details>`
        : nothing}
      ${this.status === 'consent'
        ? html`<div class="consent">
            <span>Allow the assistant to run ${this.toolTitle || this.name}?</span>
            <button class="allow" @click=${() => this.#answer('allow-once')}>Allow once</button>
            <button class="allow-site" @click=${() => this.#answer('allow-site')}>Allow for this site</button>
            <button class="deny" @click=${() => this.#answer('deny')}>Deny</button>
          </div>`
        : nothing}
    </div>`;
  }
}

if (!customElements.get('webmcp-tool-card')) customElements.define('webmcp-tool-card', WebmcpToolCard);

declare global {
  interface HTMLElementTagNameMap {
    'webmcp-tool-card': WebmcpToolCard;
  }
}
