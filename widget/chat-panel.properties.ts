/**
 * The properties of `<webmcp-chat-panel>` and their defaults. Its host `<webmcp-chat>` sets every
 * one of them, from its own attributes and properties; the panel only reads them.
 */
import { LitElement } from 'lit';
import type { ConsentPolicy } from '../bridge/index.js';
import type { PersistMode } from './controllers/chat-controller.js';
import type { ToolCallDetail } from './events/tool-call.js';
import type { Locale, Strings } from './i18n/index.js';
import type { ToolResultRenderer } from './result-view.js';

export class WebmcpChatPanelProperties extends LitElement {
  static override properties = {
    clientToken: { attribute: 'client-token' },
    apiUrl: { attribute: 'api-url' },
    mode: { reflect: true },
    heading: {},
    headingLevel: { attribute: 'heading-level', type: Number },
    consentPolicy: { attribute: 'consent-policy' },
    toolTimeout: { attribute: 'tool-timeout', type: Number },
    toolTimeouts: { attribute: false },
    persist: {},
    debug: { type: Boolean },
    locale: {},
    strings: { attribute: false },
    renderToolResult: { attribute: false },
    describeCall: { attribute: false },
  };

  /** The surface's public client token. */
  declare clientToken: string;
  /** Base URL of the API server. */
  declare apiUrl: string;
  /** `floating` (a modal dialog) or `inline` (a region). */
  declare mode: 'floating' | 'inline';
  /** Title text; empty means the locale's default. */
  declare heading: string;
  /** Heading level of the title, 1–6. */
  declare headingLevel: number;
  /** When to ask before a page tool runs. */
  declare consentPolicy: ConsentPolicy;
  /** Default per-call timeout in ms (0: the bridge's default). */
  declare toolTimeout: number;
  /** Per-tool timeouts in ms. */
  declare toolTimeouts: Record<string, number>;
  /** Where the conversation survives a reload. */
  declare persist: PersistMode;
  /** Shows the offered and left-out page tools. */
  declare debug: boolean;
  /** Which bundle the strings come from. */
  declare locale: Locale;
  /** Overrides of single strings. */
  declare strings: Partial<Strings>;
  /** The page's own rendering of a finished tool call's result (`null`: the readable view). */
  declare renderToolResult: ToolResultRenderer | undefined;
  /** The page's summary of a call for its consent prompt (when the tool-call event set none). */
  declare describeCall: ((detail: ToolCallDetail) => string | undefined | null) | undefined;

  constructor() {
    super();
    this.clientToken = '';
    this.apiUrl = '';
    this.mode = 'floating';
    this.heading = '';
    this.headingLevel = 2;
    this.consentPolicy = 'ask-consequential';
    this.toolTimeout = 0;
    this.toolTimeouts = {};
    this.persist = 'session';
    this.debug = false;
    this.locale = 'en';
    this.strings = {};
    this.renderToolResult = undefined;
    this.describeCall = undefined;
  }
}
