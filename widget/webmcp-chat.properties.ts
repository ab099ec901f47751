/**
 * The attributes `<webmcp-chat>` observes and the properties that reflect them. Each property reads
 * its attribute (the default when it is missing) and sets it, so however the page configures the
 * element, it reacts in one place: `attributeChangedCallback`. The properties without an attribute
 * (`strings`, `toolTimeouts`, `renderToolResult`, `describeCall`) live with the element.
 */
import type { ConsentPolicy } from '../bridge/index.js';
import type { PersistMode } from './controllers/chat-controller.js';

// Importing this module during server-side rendering (no DOM) must not throw: the class then extends a
// stand-in and nothing is defined.
const Base = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

export class WebmcpChatProperties extends Base {
  static readonly observedAttributes = [
    'open',
    'mode',
    'lang',
    'heading',
    'heading-level',
    'client-token',
    'api-url',
    'consent-policy',
    'tool-timeout',
    'persist',
    'debug',
  ];
  /** The surface's public client token (`ct_live_…`). */
  get clientToken(): string {
    return this.getAttribute('client-token') ?? '';
  }
  set clientToken(value: string) {
    this.setAttribute('client-token', value);
  }
  /** Base URL of the API server. */
  get apiUrl(): string {
    return this.getAttribute('api-url') ?? '';
  }
  set apiUrl(value: string) {
    this.setAttribute('api-url', value);
  }
  /** `floating` (launcher + panel) or `inline` (fills its container). */
  get mode(): 'floating' | 'inline' {
    return this.getAttribute('mode') === 'inline' ? 'inline' : 'floating';
  }
  set mode(value: 'floating' | 'inline') {
    this.setAttribute('mode', value);
  }
  /** The floating corner. */
  get position(): 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' {
    return (this.getAttribute('position') as 'top-left' | null) ?? 'bottom-right';
  }
  set position(value: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left') {
    this.setAttribute('position', value);
  }
  /** `light` (default), `dark` or `auto` (follows `prefers-color-scheme`). */
  get theme(): 'light' | 'dark' | 'auto' {
    return (this.getAttribute('theme') as 'dark' | null) ?? 'light';
  }
  set theme(value: 'light' | 'dark' | 'auto') {
    this.setAttribute('theme', value);
  }
  /** Whether the floating panel is open (the `open` attribute). */
  get opened(): boolean {
    return this.hasAttribute('open');
  }
  set opened(value: boolean) {
    this.toggleAttribute('open', value);
  }
  /** Panel title; empty means the locale's default. */
  get heading(): string {
    return this.getAttribute('heading') ?? '';
  }
  set heading(value: string) {
    this.setAttribute('heading', value);
  }
  /** Heading level of the panel title, 1–6 (default 2). */
  get headingLevel(): number {
    return Math.min(6, Math.max(1, Number(this.getAttribute('heading-level')) || 2));
  }
  set headingLevel(value: number) {
    this.setAttribute('heading-level', String(value));
  }
  /** When to ask before a page tool runs: `always-ask`, `ask-consequential` (default) or `never-ask`. */
  get consentPolicy(): ConsentPolicy {
    return (this.getAttribute('consent-policy') as ConsentPolicy | null) ?? 'ask-consequential';
  }
  set consentPolicy(value: ConsentPolicy) {
    this.setAttribute('consent-policy', value);
  }
  /** Default per-call timeout for page tools, in ms (0: the bridge's 30 000). */
  get toolTimeout(): number {
    return Number(this.getAttribute('tool-timeout')) || 0;
  }
  set toolTimeout(value: number) {
    this.setAttribute('tool-timeout', String(value));
  }
  /** Where the conversation survives a reload: `session` (default), `local` or `none`. */
  get persist(): PersistMode {
    return (this.getAttribute('persist') as PersistMode | null) ?? 'session';
  }
  set persist(value: PersistMode) {
    this.setAttribute('persist', value);
  }
  /** Shows which page tools are offered to the model and why others are not. */
  get debug(): boolean {
    return this.hasAttribute('debug');
  }
  set debug(value: boolean) {
    this.toggleAttribute('debug', value);
  }
}
