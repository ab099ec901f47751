import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { ToolStatus } from './controllers/chat-items.js';
import type { ConsentAnswer } from '../bridge/index.js';
import { ConsentEvent } from './events/consent.js';
import { en } from './i18n/en.js';
import { format, type Strings } from './i18n/index.js';
import { inline, parseResult, resultView, type ToolResultRenderer, type ViewWords } from './result-view.js';
import { toolCardStyles } from './tool-card.styles.js';

const STATUS_KEY = {
  requested: 'toolRequested',
  consent: 'toolConsent',
  running: 'toolRunning',
  done: 'toolDone',
  error: 'toolError',
} as const satisfies Record<ToolStatus, keyof Strings>;

/**
 * One tool call: its title, a one-line summary of the arguments, live status and duration, and once
 * finished a readable view of the result (rows for an object, a list for an array, a note for an
 * error) — or the page's own rendering (`renderResult`). The raw arguments and result are shown
 * only with `debug`. A call that needs the user's OK shows the tool's description, a summary of
 * what will happen and three answers.
 *
 * @fires {ConsentEvent} webmcp-chat-consent - The user answered the prompt: `detail: {toolCallId, answer: 'allow-once' | 'allow-site' | 'deny'}`. Not composed.
 */
export class WebmcpToolCard extends LitElement {
  static override styles = toolCardStyles;

  static override properties = {
    toolCallId: { attribute: 'tool-call-id' },
    name: { reflect: true },
    toolTitle: { attribute: 'tool-title' },
    description: {},
    parameters: { attribute: false },
    status: { reflect: true },
    result: {},
    durationMs: { attribute: false },
    origin: { reflect: true },
    summary: {},
    debug: { type: Boolean },
    renderResult: { attribute: false },
    strings: { attribute: false },
  };

  /** The call's id, echoed in consent events. */
  declare toolCallId: string;
  /** The tool's bare name. */
  declare name: string;
  /** A human title, when the page gave one. */
  declare toolTitle: string;
  /** The tool's description, shown with the consent prompt. */
  declare description: string;
  /** The call's arguments. */
  declare parameters: unknown;
  /** Live status: `requested`, `consent`, `running`, `done` or `error`. */
  declare status: ToolStatus;
  /** Result or error text once finished. */
  declare result: string | undefined;
  /** How long the call took, in ms. */
  declare durationMs: number | undefined;
  /** `webmcp` (the page ran it) or `server` (the shop's server did). */
  declare origin: 'webmcp' | 'server';
  /** What the call will do, in the page's words (consent prompt); else the arguments are listed. */
  declare summary: string;
  /** Shows the raw arguments and result. */
  declare debug: boolean;
  /** The page's own rendering of a finished call's result (`null`: the readable view). */
  declare renderResult: ToolResultRenderer | undefined;
  /** The locale's strings (English by default). */
  declare strings: Strings;

  /** The page's node for the current result, made once per result. */
  #custom: { key: string; node: Node | null } | undefined;

  constructor() {
    super();
    this.toolCallId = '';
    this.name = '';
    this.toolTitle = '';
    this.description = '';
    this.parameters = {};
    this.status = 'requested';
    this.result = undefined;
    this.durationMs = undefined;
    this.origin = 'webmcp';
    this.summary = '';
    this.debug = false;
    this.renderResult = undefined;
    this.strings = en;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('renderResult')) this.#custom = undefined;
  }

  #answer(answer: ConsentAnswer): void {
    this.dispatchEvent(new ConsentEvent({ toolCallId: this.toolCallId, answer }));
  }

  get #words(): ViewWords {
    const s = this.strings;
    return { more: (n) => format(s.moreItems, { n }), empty: s.noItems };
  }

  #customView(failed: boolean): Node | null {
    const render = this.renderResult;
    const text = this.result;
    if (!render || text === undefined) return null;
    const key = `${this.status}\n${text}`;
    if (this.#custom?.key !== key) {
      let node: Node | null = null;
      try {
        node = render({
          toolCallId: this.toolCallId,
          name: this.name,
          title: this.toolTitle || this.name,
          parameters: this.parameters,
          result: parseResult(text),
          text,
          isError: failed,
          origin: this.origin,
        });
      } catch (error) {
        console.error('renderToolResult threw; the readable view is shown instead.', error);
      }
      this.#custom = { key, node: node instanceof Node ? node : null };
    }
    return this.#custom.node;
  }

  #renderConsent(title: string) {
    const s = this.strings;
    const params = this.parameters;
    const hasArgs = typeof params === 'object' && params !== null && Object.keys(params).length > 0;
    return html`<div class="consent">
      <p class="question" id="question">${format(s.consentQuestion, { tool: title })}</p>
      ${this.description ? html`<p class="description">${this.description}</p>` : nothing}
      ${
        this.summary
          ? html`<p class="summary">${this.summary}</p>`
          : hasArgs
            ? html`<div class="summary">${resultView(params, false, this.#words)}</div>`
            : nothing
      }
      <div class="actions" role="group" aria-labelledby="question">
        <button class="allow" @click=${() => this.#answer('allow-once')}>${s.allowOnce}</button>
        <button class="allow-site" @click=${() => this.#answer('allow-site')}>${s.allowSite}</button>
        <button class="deny" @click=${() => this.#answer('deny')}>${s.deny}</button>
      </div>
    </div>`;
  }

  override render() {
    const s = this.strings;
    const title = this.toolTitle || this.name;
    const status = s[STATUS_KEY[this.status] ?? 'toolRequested'];
    const failed = this.status === 'error';
    const args = inline(this.parameters, this.#words);
    const finished = this.result !== undefined && (this.status === 'done' || failed);
    return html`<div class="card" role="group" aria-label=${format(s.toolLabel, { tool: title, status })}>
      <div class="head">
        <span class="name">${title}</span>
        ${this.durationMs !== undefined ? html`<span class="duration">${format(s.toolDuration, { ms: Math.round(this.durationMs) })}</span>` : nothing}
        <span class="status" data-status=${this.status}>${status}</span>
      </div>
      ${this.origin === 'server' ? html`<div class="by">${s.toolByServer}</div>` : nothing}
      ${args && this.status !== 'consent' ? html`<div class="args">${args}</div>` : nothing}
      ${this.status === 'consent' ? this.#renderConsent(title) : nothing}
      ${finished ? html`<div class="view">${this.#customView(failed) ?? resultView(parseResult(this.result), failed, this.#words)}</div>` : nothing}
      ${
        this.debug
          ? html`<details class="raw">
                <summary>${s.toolArguments}</summary>
                <pre>${JSON.stringify(this.parameters ?? {}, null, 2)}</pre>
              </details>
              ${
                this.result !== undefined
                  ? html`<details class="raw">
                      <summary>${failed ? s.toolErrorDetails : s.toolResult}</summary>
                      <pre class="result">${this.result}</pre>
                    </details>`
                  : nothing
              }`
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
