import type { WebmcpChatPanel } from './chat-panel.js';
import type { ToolCallDetail } from './events/tool-call.js';
import type { ToolResultRenderer } from './result-view.js';
import { CloseEvent } from './events/close.js';
import { ChatErrorEvent } from './events/error.js';
import { OpenEvent } from './events/open.js';
import type { Strings } from './i18n/en.js';
import { LAUNCHER_STRINGS, resolveLocale, type Locale } from './i18n/launcher.js';
import { WebmcpChatProperties } from './webmcp-chat.properties.js';
import { launcherStyles } from './webmcp-chat.styles.js';
// The launcher takes single modules, not the bridge's index: only what it uses enters its budget.
import type { ErrorCode } from '../bridge/protocol/errors.js';
import { journalKey } from '../bridge/recovery/journal.js';

/** Loads the panel module (Lit, the bridge, the chat controller, markdown); it defines `<webmcp-chat-panel>`. */
export type PanelLoader = () => Promise<unknown>;

/** The parts of the panel, re-exported so `webmcp-chat::part(input)` reaches into it. */
const PANEL_PARTS =
  'panel,log,message,input,send,stop,retry,tool-card,typing,debug,new-conversation,suggestion,jump,stopped';
/** Where the bridge journals a paused run (`bridge/recovery`): one waiting means "load the panel now". */
const SVG = 'http://www.w3.org/2000/svg';
const ICONS = {
  bubble: 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z',
  x: 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z',
};

let sheet: CSSStyleSheet | undefined;

/** The launcher button, built with DOM calls (no HTML strings: pages may require Trusted Types). */
function createLauncher(): HTMLButtonElement {
  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.setAttribute('part', 'launcher');
  launcher.setAttribute('aria-haspopup', 'dialog');
  const svg = launcher.appendChild(document.createElementNS(SVG, 'svg'));
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  for (const [name, d] of Object.entries(ICONS)) {
    const path = svg.appendChild(document.createElementNS(SVG, 'path'));
    path.setAttribute('class', name);
    path.setAttribute('d', d);
  }
  return launcher;
}

/**
 * A chat assistant that can use the page's WebMCP tools. This element is the small launcher the
 * script tag ships at once; the panel loads on first open (at once in inline mode, or on `send()`).
 *
 * The floating state is the `open` attribute, reflected by the `opened` property (`open()` and
 * `close()` are methods).
 *
 * @attr {string} client-token - The surface's public client token (`ct_live_…`).
 * @attr {string} api-url - Base URL of the API server.
 * @attr {'floating'|'inline'} mode - `floating` (launcher + panel, default) or `inline` (fills its container).
 * @attr {'bottom-right'|'bottom-left'|'top-right'|'top-left'} position - The floating corner (default `bottom-right`).
 * @attr {'light'|'dark'|'auto'} theme - Colour theme; `auto` follows `prefers-color-scheme` (default `light`).
 * @attr {boolean} open - Present while the floating panel is open (property `opened`).
 * @attr {string} heading - Panel title (default from the locale, "Shop assistant").
 * @attr {number} heading-level - Heading level of the panel title, 1–6 (default 2).
 * @attr {string} lang - Language of the widget (`en`, `de`, `fr`); else the page's `<html lang>`, else English.
 * @attr {'always-ask'|'ask-consequential'|'never-ask'} consent-policy - When to ask before a page tool runs.
 * @attr {number} tool-timeout - Default per-call timeout for page tools in ms (30 000 when unset).
 * @attr {'session'|'local'|'none'} persist - Where the conversation survives a reload (default `session`).
 * @attr {boolean} debug - Shows which page tools are offered to the model and why others are not.
 *
 * @fires {OpenEvent} webmcp-chat-open - The floating panel opened.
 * @fires {CloseEvent} webmcp-chat-close - The floating panel closed.
 * @fires {ChatMessageEvent} webmcp-chat-message - A finished message: `detail: {role, text, id}`.
 * @fires {ChatErrorEvent} webmcp-chat-error - An error was shown: `detail: {code, message, detail?}` (`detail`: the technical text).
 * @fires {ToolCallEvent} webmcp-chat-tool-call - Before a page tool runs; cancelable (veto).
 * @fires {ToolResultEvent} webmcp-chat-tool-result - A tool call finished: a page tool (`origin: 'webmcp'`) or one the shop's server ran (`origin: 'server'`).
 * @fires {ToolsEvent} webmcp-chat-tools - The page tools offered to the model changed.
 * @fires {ClientEventEvent} webmcp-chat-client-event - The assistant sent the page a one-way client event: `detail: {name, arguments}`.
 *
 * @csspart launcher - The floating button that opens and closes the panel.
 * @csspart panel - The chat panel (a modal dialog when floating, a region inline).
 * @csspart log - The scrolling message list.
 * @csspart message - One message bubble (`data-role` is `user`, `assistant`, `welcome` or `error`).
 * @csspart tool-card - One tool call card (attributes `name`, `status`, `origin`).
 * @csspart input - The message text box.
 * @csspart send - The send button.
 * @csspart stop - The stop button (shown instead of send while a run is in flight).
 * @csspart retry - The retry button after an error.
 * @csspart typing - The typing indicator while the model works.
 * @csspart debug - The list of offered and left-out tools (`debug` attribute).
 * @csspart new-conversation - The header button that starts a new conversation.
 * @csspart suggestion - A starter question chip, shown before the first message.
 * @csspart jump - The "Jump to latest" button, shown while the reader has scrolled up.
 * @csspart stopped - The note under an answer the user stopped.
 *
 * @cssproperty --webmcp-chat-accent - Accent colour: launcher, user bubbles, buttons.
 * @cssproperty --webmcp-chat-accent-fg - Text on the accent colour.
 * @cssproperty --webmcp-chat-surface - Panel background.
 * @cssproperty --webmcp-chat-fg - Text colour.
 * @cssproperty --webmcp-chat-muted - Secondary text (status lines, durations).
 * @cssproperty --webmcp-chat-border - Borders.
 * @cssproperty --webmcp-chat-bubble-bg - Assistant and welcome bubbles.
 * @cssproperty --webmcp-chat-tool-bg - Tool cards.
 * @cssproperty --webmcp-chat-input-bg - The text box.
 * @cssproperty --webmcp-chat-error-bg - Error bubbles and failed tool badges.
 * @cssproperty --webmcp-chat-error-fg - Text on the error background.
 * @cssproperty --webmcp-chat-success-bg - Finished tool badges.
 * @cssproperty --webmcp-chat-success-fg - Text on the success background.
 * @cssproperty --webmcp-chat-focus - Focus ring.
 * @cssproperty --webmcp-chat-font - Font family.
 * @cssproperty --webmcp-chat-font-size - Base font size (default 15px).
 * @cssproperty --webmcp-chat-radius - Panel corner radius.
 * @cssproperty --webmcp-chat-offset - Distance of launcher and panel from the viewport edges.
 * @cssproperty --webmcp-chat-z-index - Stacking order of the floating launcher and panel.
 * @cssproperty --webmcp-chat-panel-width - Width of the floating panel (default min(400px, 100vw − 2 offsets)).
 * @cssproperty --webmcp-chat-panel-height - Height of the floating panel (default min(600px, 100vh − 120px)).
 */
export class WebmcpChat extends WebmcpChatProperties {
  /** How the panel module is loaded; each entry sets it (the script tag: the chunk next to it). */
  static loadPanel: PanelLoader | undefined;

  readonly #launcher: HTMLButtonElement;
  #panel: WebmcpChatPanel | undefined;
  #loading: Promise<WebmcpChatPanel> | undefined;
  #strings: Partial<Strings> = {};
  #toolTimeouts: Record<string, number> = {};
  #renderToolResult: ToolResultRenderer | undefined;
  #describeCall: ((detail: ToolCallDetail) => string | undefined | null) | undefined;
  /** Shown in the panel's place while its module loads. */
  #skeleton: HTMLElement | undefined;
  #locale: Locale = 'en';
  #langWatch: MutationObserver | undefined;
  /** Attribute changes before the first connection (parsing, upgrade) only configure; they never move focus or fire events. */
  #connected = false;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    if ('replaceSync' in CSSStyleSheet.prototype && 'adoptedStyleSheets' in root) {
      if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(launcherStyles);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.append(Object.assign(document.createElement('style'), { textContent: launcherStyles }));
    }
    const launcher = (this.#launcher = createLauncher());
    launcher.addEventListener('click', () => (this.opened ? this.close() : this.open()));
    root.append(launcher);
  }

  connectedCallback(): void {
    this.#connected = true;
    // The page may switch languages by changing <html lang>.
    this.#langWatch = new MutationObserver(() => this.#sync());
    this.#langWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    this.#sync();
  }

  disconnectedCallback(): void {
    this.#connected = false;
    this.#langWatch?.disconnect();
  }

  attributeChangedCallback(name: string, before: string | null, after: string | null): void {
    if (!this.#connected) return;
    const toggled = name === 'open' && (before === null) !== (after === null) && this.mode === 'floating';
    // Read before the panel hides: a hidden panel loses its focus.
    const hadFocus = !!this.shadowRoot!.activeElement;
    this.#sync();
    if (toggled) void this.#openChanged(hadFocus);
  }

  /** Per-tool timeouts in ms, by tool name; they win over `tool-timeout`. */
  get toolTimeouts(): Record<string, number> {
    return this.#toolTimeouts;
  }
  set toolTimeouts(value: Record<string, number>) {
    this.#toolTimeouts = value ?? {};
    this.#sync();
  }
  /** Overrides of single strings of the locale bundle: `chat.strings = { send: 'Go' }`. */
  get strings(): Partial<Strings> {
    return this.#strings;
  }
  set strings(value: Partial<Strings>) {
    this.#strings = value ?? {};
    this.#sync();
  }
  /**
   * Renders a finished tool call's result in the page's own way: return a `Node` (it is placed in
   * the tool card, inside the widget's shadow root) or `null` for the widget's readable view.
   */
  get renderToolResult(): ToolResultRenderer | undefined {
    return this.#renderToolResult;
  }
  set renderToolResult(value: ToolResultRenderer | undefined) {
    this.#renderToolResult = value;
    this.#sync();
  }
  /**
   * Describes a call for its consent prompt, in the page's words (e.g. a checkout's cart lines and
   * total), when no `webmcp-chat-tool-call` listener set `detail.summary`.
   */
  get describeCall(): ((detail: ToolCallDetail) => string | undefined | null) | undefined {
    return this.#describeCall;
  }
  set describeCall(value: ((detail: ToolCallDetail) => string | undefined | null) | undefined) {
    this.#describeCall = value;
    this.#sync();
  }
  /** The language the widget speaks (from `lang`, else `<html lang>`, else `en`). */
  get locale(): Locale {
    return this.#locale;
  }

  #sync(): void {
    this.#locale = resolveLocale(this);
    const open = this.opened;
    const launcher = this.#launcher;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute(
      'aria-label',
      this.#strings[open ? 'closeChat' : 'openChat'] || LAUNCHER_STRINGS[this.#locale][open ? 'closeChat' : 'openChat'],
    );
    const panel = this.#panel;
    if (panel) {
      Object.assign(panel, {
        clientToken: this.clientToken,
        apiUrl: this.apiUrl,
        mode: this.mode,
        heading: this.heading,
        headingLevel: this.headingLevel,
        consentPolicy: this.consentPolicy,
        toolTimeout: this.toolTimeout,
        toolTimeouts: this.#toolTimeouts,
        persist: this.persist,
        debug: this.debug,
        locale: this.#locale,
        strings: this.#strings,
        renderToolResult: this.#renderToolResult,
        describeCall: this.#describeCall,
      });
      panel.hidden = this.mode === 'floating' && !open;
    } else if (this.mode === 'inline' || open || this.#pausedRun()) {
      void this.#ensurePanel().catch(() => undefined); // reported by #ensurePanel
    }
    if (this.#skeleton) this.#skeleton.hidden = this.mode === 'floating' && !open;
  }

  /** A run paused for page tools when the page unloaded: the panel must load now to finish it. */
  #pausedRun(): boolean {
    try {
      return !!this.clientToken && sessionStorage.getItem(journalKey(this.clientToken)) !== null;
    } catch {
      return false; // storage blocked: the bridge has no journal either
    }
  }

  #ensurePanel(): Promise<WebmcpChatPanel> {
    if (this.#loading) return this.#loading;
    const launcher = this.#launcher;
    launcher.setAttribute('aria-busy', 'true');
    const skeleton = (this.#skeleton = document.createElement('div'));
    skeleton.className = 'panel skeleton';
    skeleton.setAttribute('role', 'status');
    skeleton.setAttribute('aria-label', this.#strings.loading || LAUNCHER_STRINGS[this.#locale].loading);
    skeleton.hidden = this.mode === 'floating' && !this.opened;
    skeleton.append(...[0, 1, 2].map(() => document.createElement('i')));
    this.shadowRoot!.prepend(skeleton);
    const loading = (this.#loading = (async () => {
      // The entry that defined this element sets the loader just after: a page's own element,
      // upgraded by that definition, must not look before it has.
      await Promise.resolve();
      if (!WebmcpChat.loadPanel)
        throw new Error('No panel loader: import the widget through its entry (webmcp-chat.js or the package).');
      // Another language's strings load beside the panel, so it never shows English first.
      const loaded = (await WebmcpChat.loadPanel()) as { loadLocale?(locale: Locale): Promise<void> } | undefined;
      await loaded?.loadLocale?.(this.#locale).catch(() => undefined);
      const panel = document.createElement('webmcp-chat-panel');
      panel.className = 'panel';
      panel.setAttribute('exportparts', PANEL_PARTS);
      panel.addEventListener('webmcp-chat-panel-close', () => this.close());
      this.#panel = panel;
      this.#sync();
      this.shadowRoot!.prepend(panel);
      return panel;
    })());
    const done = () => {
      launcher.removeAttribute('aria-busy');
      skeleton.remove();
      this.#skeleton = undefined;
    };
    loading.then(done, (error: unknown) => {
      done();
      this.#loading = undefined; // the next open tries again
      this.dispatchEvent(
        new ChatErrorEvent({
          // A literal checked against ERROR_CODES: the whole table would cost the launcher ~0.6 KB.
          code: 'panel_load_failed' satisfies ErrorCode,
          message: error instanceof Error ? error.message : String(error),
        }),
      );
    });
    return loading;
  }

  async #openChanged(hadFocus: boolean): Promise<void> {
    if (!this.opened) {
      // Focus was in the panel, which is now hidden: give it back to the launcher.
      if (hadFocus) this.#launcher.focus();
      this.dispatchEvent(new CloseEvent());
      return;
    }
    this.dispatchEvent(new OpenEvent());
    const panel = await this.#ensurePanel().catch(() => undefined); // a failed load is reported by #ensurePanel
    await panel?.updateComplete;
    if (panel && this.opened) panel.focusFirst();
  }

  /** Opens the floating panel (loading it on first use) and moves focus into it. No-op inline. */
  open(): void {
    if (this.mode === 'floating') this.opened = true;
  }

  /** Closes the floating panel; focus returns to the launcher. No-op inline. */
  close(): void {
    if (this.mode === 'floating') this.opened = false;
  }

  /** Sends `text` as the user (loading the panel if needed); resolves when the run is over. */
  async send(text: string): Promise<void> {
    await (await this.#ensurePanel()).send(text);
  }

  /** Stops the run in flight and its tool calls. */
  stop(): void {
    this.#panel?.stop();
  }

  /** Clears the conversation (here and in storage); the next message starts a new session. */
  async clear(): Promise<void> {
    (await this.#ensurePanel()).clear();
  }
}

if (globalThis.customElements && !customElements.get('webmcp-chat')) customElements.define('webmcp-chat', WebmcpChat);

declare global {
  interface HTMLElementTagNameMap {
    'webmcp-chat': WebmcpChat;
  }
}
