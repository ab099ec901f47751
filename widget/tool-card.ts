import { LitElement, html, nothing } from 'lit';
import type { ToolStatus } from './controllers/chat-items.js';
import type { ConsentAnswer } from '../bridge/index.js';
import { ConsentEvent } from './events/consent.js';
import { en } from './i18n/en.js';
import { format, type Strings } from './i18n/index.js';
import { toolCardStyles } from './tool-card.styles.js';

const STATUS_KEY = {
  requested: 'toolRequested',
  consent: 'toolConsent',
  running: 'toolRunning',
  done: 'toolDone',
  error: 'toolError',
} as const satisfies Record<ToolStatus, keyof Strings>;

/**
 * One tool call: its name, arguments (collapsible), live status, duration and result or error,
 * and the consent prompt when the tool needs the user's OK.
 *
 * @fires {ConsentEvent} webmcp-chat-consent - The user answered the prompt: `detail: {toolCallId, answer: 'allow-once' | 'allow-site' | 'deny'}`. Not composed.
 */
export class WebmcpToolCard extends LitElement {
  static override styles = toolCardStyles;

  static override properties = {
    toolCallId: { attribute: 'tool-call-id' },
    name: { reflect: true },
    toolTitle: { attribute: 'tool-title' },
    parameters: { attribute: false },
    status: { reflect: true },
    result: {},
    durationMs: { attribute: false },
    strings: { attribute: false },
  };

  /** The call's id, echoed in consent events. */
  declare toolCallId: string;
  /** The tool's bare name. */
  declare name: string;
  /** A human title, when the page gave one. */
  declare toolTitle: string;
  /** The call's arguments. */
  declare parameters: unknown;
  /** Live status: `requested`, `consent`, `running`, `done` or `error`. */
  declare status: ToolStatus;
  /** Result or error text once finished. */
  declare result: string | undefined;
  /** How long the page took, in ms. */
  declare durationMs: number | undefined;
  /** The locale's strings (English by default). */
  declare strings: Strings;

  constructor() {
    super();
    this.toolCallId = '';
    this.name = '';
    this.toolTitle = '';
    this.parameters = {};
    this.status = 'requested';
    this.result = undefined;
    this.durationMs = undefined;
    this.strings = en;
  }

  #answer(answer: ConsentAnswer): void {
    this.dispatchEvent(new ConsentEvent({ toolCallId: this.toolCallId, answer }));
  }

  override render() {
    const s = this.strings;
    const title = this.toolTitle || this.name;
    const status = s[STATUS_KEY[this.status] ?? 'toolRequested'];
    const failed = this.status === 'error';
    return html`<div class="card" role="group" aria-label=${format(s.toolLabel, { tool: title, status })}>
      <div class="head">
        <span class="name">${title}</span>
        ${this.durationMs !== undefined ? html`<span class="duration">${format(s.toolDuration, { ms: Math.round(this.durationMs) })}</span>` : nothing}
        <span class="status" data-status=${this.status}>${status}</span>
      </div>
      <details>
        <summary>${s.toolArguments}</summary>
        <pre>${JSON.stringify(this.parameters ?? {}, null, 2)}</pre>
      </details>
      ${
        this.result !== undefined
          ? html`<details ?open=${failed}>
              <summary>${failed ? s.toolErrorDetails : s.toolResult}</summary>
              <pre class="result">${this.result}</pre>
            </details>`
          : nothing
      }
      ${
        this.status === 'consent'
          ? html`<div class="consent">
              <span>${format(s.consentQuestion, { tool: title })}</span>
              <button class="allow" @click=${() => this.#answer('allow-once')}>${s.allowOnce}</button>
              <button class="allow-site" @click=${() => this.#answer('allow-site')}>${s.allowSite}</button>
              <button class="deny" @click=${() => this.#answer('deny')}>${s.deny}</button>
            </div>`
          : nothing
      }
    </div>`;
  }
}

if (!customElements.get('webmcp-tool-card')) customElements.define('webmcp-tool-card', WebmcpToolCard);

declare global {
  interface HTMLElementTagNameMap {
    'webmcp-tool-card': WebmcpToolCard;
  }
}
