/**
 * Owns a chat: the bridge session, the run in flight, the items the panel renders, their
 * persistence and the events the page hears. The panel stays a view of `items` and `status`;
 * every side effect lives here, and in `run-updates.ts`, which turns the run's updates into items.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  BridgeError,
  ChatSession,
  ERROR_CODES,
  HttpError,
  isErrorCode,
  type ConsentAnswer,
  type ConsentPolicy,
  type PageTool,
  type RunOutcome,
  type RunUpdate,
  type Snapshot,
  type ToolCall,
} from '../../bridge/index.js';
import { ClientEventEvent } from '../events/client-event.js';
import { ChatErrorEvent } from '../events/error.js';
import { ToolCallEvent, type ToolCallDetail } from '../events/tool-call.js';
import { ToolsEvent } from '../events/tools.js';
import { format, type Strings } from '../i18n/index.js';
import { ChatStatus, type ChatItem, type MessageItem, type ToolItem } from './chat-items.js';
import { applyUpdate, finished, finishStreaming, markStopped, pushItem, setStatus, updateTool } from './run-updates.js';
import { TranscriptStore, type PersistMode } from './transcript-store.js';

export { ChatStatus } from './chat-items.js';
export type { ChatItem, MessageItem, ToolItem, ToolStatus } from './chat-items.js';
export type { PersistMode } from './transcript-store.js';

export interface ChatControllerOptions {
  apiUrl: () => string;
  clientToken: () => string;
  consentPolicy: () => ConsentPolicy;
  timeoutMs: (toolName: string) => number | undefined;
  persist: () => PersistMode;
  strings: () => Strings;
  /** The page's description of a call for its consent prompt, when the tool-call event set none. */
  describeCall?: (detail: ToolCallDetail) => string | undefined | null;
  /** Each piece of a streaming message's text as it arrives (the view can render just the piece). */
  onTextDelta?: (messageId: string, delta: string) => void;
}

let counter = 0;
const localId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export class ChatController implements ReactiveController {
  items: ChatItem[] = [];
  status: ChatStatus = ChatStatus.idle;
  welcome = '';
  placeholder = '';
  /** Starter questions from the surface, offered before the first message. */
  suggestions: readonly string[] = [];
  /**
   * What the live region should say next: a finished reply (by `messageId`, so the panel can speak
   * its rendered text rather than its markdown), an error, or a consent decision.
   */
  announcement: { text: string; messageId?: string } = { text: '' };
  /** The latest tool snapshot (offered and dropped tools), for the debug view. */
  tools: Snapshot | undefined;
  #session: ChatSession | undefined;
  #savedSessionId: string | undefined;
  #run: AbortController | undefined;
  #consents = new Map<string, (answer: ConsentAnswer) => void>();
  /** The page's summaries of calls about to ask for consent, by `toolCallId`. */
  #summaries = new Map<string, string>();
  #unwatch: (() => void) | undefined;
  #lastToolsKey = '';
  readonly #store: TranscriptStore;

  constructor(
    readonly host: ReactiveControllerHost & HTMLElement,
    readonly options: ChatControllerOptions,
  ) {
    this.#store = new TranscriptStore(options.persist, options.clientToken);
    host.addController(this);
  }

  hostConnected(): void {
    this.#restore();
    const session = this.#ensureSession();
    if (!session) return;
    this.#unwatch = session.watchTools((snapshot) => this.#onSnapshot(snapshot));
    // A reload interrupted a run while page tools were running: finish it.
    if (session.pendingRecovery())
      void this.#track((signal, onUpdate) =>
        session.recover({ signal, onUpdate }).then((o) => o ?? { executionId: undefined, status: 'completed' }),
      );
  }

  hostDisconnected(): void {
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.stop();
  }

  get busy(): boolean {
    return this.#run !== undefined;
  }

  /** True when the conversation ends with an error and nothing runs: `retry()` can try again. */
  get canRetry(): boolean {
    const last = this.items.at(-1);
    return !this.busy && last?.kind === 'message' && last.role === 'error';
  }

  /** Opens the session (idempotent) to show the surface's welcome message. */
  async connect(): Promise<void> {
    const session = this.#ensureSession();
    if (!session || session.config) return;
    if (this.status === ChatStatus.idle) setStatus(this, ChatStatus.connecting);
    try {
      await this.#init(session);
      if (this.status === ChatStatus.connecting) setStatus(this, ChatStatus.idle);
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Sends a user message and follows the run to its end. */
  async send(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed || this.#run) return;
    const user: MessageItem = { kind: 'message', id: localId('user'), role: 'user', text: trimmed, streaming: false };
    pushItem(this, user);
    finished(this, user);
    await this.#turn(trimmed);
  }

  /**
   * After an error: sends the last user message again (the error bubbles after it go), or, when
   * the error came before any message (the session could not open), connects again.
   */
  async retry(): Promise<void> {
    if (!this.canRetry) return;
    const lastUser = this.items.findLastIndex((i) => i.kind === 'message' && i.role === 'user');
    this.items = this.items.filter((i, index) => index <= lastUser || i.kind !== 'message' || i.role !== 'error');
    setStatus(this, ChatStatus.idle);
    const user = this.items[lastUser];
    if (user?.kind === 'message') await this.#turn(user.text);
    else await this.connect();
  }

  /** Aborts the run and its tool calls; open consent prompts are denied. */
  stop(): void {
    for (const resolve of this.#consents.values()) resolve('deny');
    this.#consents.clear();
    this.#run?.abort();
  }

  /** Clears the conversation and starts a new session on the next message. */
  clear(): void {
    this.stop();
    this.items = [];
    this.announcement = { text: '' };
    this.#savedSessionId = undefined;
    this.#session?.clearRecovery();
    this.#save();
    this.host.requestUpdate();
  }

  /** Answers a consent prompt shown on a tool card. */
  answerConsent(toolCallId: string, answer: ConsentAnswer): void {
    const resolve = this.#consents.get(toolCallId);
    if (!resolve) return;
    this.#consents.delete(toolCallId);
    const s = this.options.strings();
    const tool = this.items.find((i): i is ToolItem => i.kind === 'tool' && i.id === toolCallId);
    this.announcement = {
      text: format(answer === 'deny' ? s.consentDenied : s.consentAllowed, { tool: tool?.title ?? '' }),
    };
    this.host.requestUpdate();
    resolve(answer);
  }

  async #turn(text: string): Promise<void> {
    const session = this.#ensureSession();
    if (!session) {
      this.#fail(new BridgeError(ERROR_CODES.notConfigured, this.options.strings().notConfigured));
      return;
    }
    await this.#track(async (signal, onUpdate) => {
      if (!session.config) await this.#init(session, signal);
      return session.send(text, { signal, onUpdate });
    });
  }

  async #track(work: (signal: AbortSignal, onUpdate: (u: RunUpdate) => void) => Promise<RunOutcome>): Promise<void> {
    const run = (this.#run = new AbortController());
    setStatus(this, ChatStatus.thinking);
    try {
      const outcome = await work(run.signal, (u) => this.#apply(u));
      finishStreaming(this);
      if (outcome.status === 'stopped') markStopped(this);
      if (outcome.status === 'failed' && outcome.error)
        this.#fail(
          new BridgeError(
            isErrorCode(outcome.error.code) ? outcome.error.code : ERROR_CODES.runFailed,
            outcome.error.message,
          ),
        );
      else setStatus(this, ChatStatus.idle);
    } catch (error) {
      finishStreaming(this);
      this.#fail(error);
    } finally {
      if (this.#run === run) this.#run = undefined;
      if (this.#session?.sessionId) this.#savedSessionId = this.#session.sessionId;
      this.#save();
      this.host.requestUpdate();
    }
  }

  async #init(session: ChatSession, signal?: AbortSignal): Promise<void> {
    const init = await session.init(signal, this.#savedSessionId);
    this.#savedSessionId = init.sessionId;
    this.welcome = init.config.welcomeMessage;
    this.placeholder = init.config.placeholder ?? '';
    this.suggestions = init.config.suggestions ?? [];
    this.#save();
  }

  #ensureSession(): ChatSession | undefined {
    const apiUrl = this.options.apiUrl();
    const clientToken = this.options.clientToken();
    if (!apiUrl || !clientToken) return undefined;
    this.#session ??= new ChatSession({
      apiUrl,
      clientToken,
      consentPolicy: () => this.options.consentPolicy(),
      timeoutMs: (name) => this.options.timeoutMs(name),
      consent: (call, tool) => this.#askConsent(call, tool),
      onClientEvent: (detail) => this.host.dispatchEvent(new ClientEventEvent(detail)),
      beforeToolCall: (call, tool) => {
        const event = new ToolCallEvent(call, tool);
        const allowed = this.host.dispatchEvent(event);
        const summary = event.detail.summary || this.options.describeCall?.(event.detail);
        if (typeof summary === 'string' && summary) this.#summaries.set(call.toolCallId, summary);
        return allowed;
      },
    });
    return this.#session;
  }

  #askConsent(call: ToolCall, tool: PageTool): Promise<ConsentAnswer> {
    const summary = this.#summaries.get(call.toolCallId);
    this.#summaries.delete(call.toolCallId);
    updateTool(this, call.toolCallId, {
      status: 'consent',
      title: tool.title || tool.name,
      description: tool.description,
      ...(summary ? { summary } : {}),
    });
    return new Promise((resolve) => this.#consents.set(call.toolCallId, resolve));
  }

  #onSnapshot(snapshot: Snapshot): void {
    this.tools = snapshot;
    const key = snapshot.fingerprint + JSON.stringify(snapshot.dropped);
    if (key !== this.#lastToolsKey) {
      this.#lastToolsKey = key;
      this.host.dispatchEvent(new ToolsEvent(snapshot));
    }
    this.host.requestUpdate();
  }

  #apply(update: RunUpdate): void {
    if (update.type === 'snapshot') return this.#onSnapshot(update.snapshot);
    // A call that ran without a consent prompt left its summary behind: it goes with the call.
    if (update.type === 'tool-finished') this.#summaries.delete(update.call.toolCallId);
    if (applyUpdate(this, update)) this.#save();
  }

  #fail(error: unknown): void {
    const code =
      error instanceof BridgeError
        ? error.code
        : error instanceof TypeError
          ? ERROR_CODES.networkError
          : ERROR_CODES.unknown;
    const detail =
      error instanceof HttpError ? (error.hint ?? error.code) : error instanceof Error ? error.message : String(error);
    const text = friendlyError(code, error instanceof HttpError ? error.status : 0, this.options.strings());
    const item: MessageItem = { kind: 'message', id: localId('err'), role: 'error', text, streaming: false };
    pushItem(this, item);
    setStatus(this, ChatStatus.error);
    finished(this, item);
    this.host.dispatchEvent(new ChatErrorEvent({ code, message: text, detail }));
  }

  #save(): void {
    this.#store.save({
      welcome: this.welcome,
      placeholder: this.placeholder,
      suggestions: this.suggestions,
      items: this.items,
      ...(this.#savedSessionId ? { sessionId: this.#savedSessionId } : {}),
    });
  }

  #restore(): void {
    if (this.items.length > 0) return;
    const saved = this.#store.load();
    if (!saved) return;
    this.items = saved.items;
    this.welcome = saved.welcome;
    this.placeholder = saved.placeholder;
    this.suggestions = saved.suggestions ?? [];
    this.#savedSessionId = saved.sessionId;
  }
}

/** What a shopper is told: plain words, no URLs or browser jargon (the details go to the error event). */
function friendlyError(code: string, status: number, s: Strings): string {
  if (code === 'not_configured') return s.notConfigured;
  if (code === 'network_error' || code.startsWith('stream_')) return s.errorNetwork;
  if (status === 429 || code === 'rate_limited') return s.errorBusy;
  if (status === 401 && code !== 'invalid_client_token') return s.errorExpired;
  if (status === 401 || status === 403) return s.errorUnavailable;
  return s.errorGeneric;
}
