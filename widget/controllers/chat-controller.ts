/**
 * Owns a chat: the bridge session, the run in flight and the items the element renders. The
 * element stays a pure view of `items` and `status`; every side effect lives here.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ChatSession, HttpError, resultText, type ConsentDecision, type PageTool, type RunUpdate, type StreamEvent, type ToolCall } from '../../bridge/index.js';

export type ToolStatus = 'requested' | 'consent' | 'running' | 'done' | 'error';

export interface MessageItem {
  kind: 'message';
  id: string;
  role: 'user' | 'assistant' | 'error';
  text: string;
  streaming: boolean;
}

export interface ToolItem {
  kind: 'tool';
  id: string;
  name: string;
  title: string;
  parameters: unknown;
  status: ToolStatus;
  result?: string;
  durationMs?: number;
}

export type ChatItem = MessageItem | ToolItem;

/** Run states, `@lit/task` style. */
export const ChatStatus = {
  idle: 'idle',
  connecting: 'connecting',
  thinking: 'thinking',
  waitingForTools: 'waiting-for-tools',
  error: 'error',
} as const;
export type ChatStatus = (typeof ChatStatus)[keyof typeof ChatStatus];

export interface ChatControllerOptions {
  apiUrl: () => string;
  clientToken: () => string;
}

let counter = 0;
const localId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export class ChatController implements ReactiveController {
  items: ChatItem[] = [];
  status: ChatStatus = ChatStatus.idle;
  welcome = '';
  placeholder = '';
  /** The last finished assistant message, for the live region. */
  announcement = '';
  #session: ChatSession | undefined;
  #run: AbortController | undefined;
  #consents = new Map<string, (decision: ConsentDecision) => void>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ChatControllerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Nothing to open yet: the session starts on first use, so a closed launcher costs no request.
  }

  hostDisconnected(): void {
    this.stop();
  }

  get busy(): boolean {
    return this.#run !== undefined;
  }

  /** Opens the session (idempotent) to show the surface's welcome message. */
  async connect(): Promise<void> {
    const session = this.#ensureSession();
    if (session.config) return;
    this.#set(ChatStatus.connecting);
    try {
      const init = await session.init();
      this.welcome = init.config.welcomeMessage;
      this.placeholder = init.config.placeholder ?? '';
      this.#set(ChatStatus.idle);
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Sends a user message and follows the run to its end. */
  async send(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed || this.#run) return;
    const run = (this.#run = new AbortController());
    this.items = [...this.items, { kind: 'message', id: localId('user'), role: 'user', text: trimmed, streaming: false }];
    this.#set(ChatStatus.thinking);
    try {
      const session = this.#ensureSession();
      if (!session.config) {
        const init = await session.init(run.signal);
        this.welcome = init.config.welcomeMessage;
      }
      const outcome = await session.send(trimmed, { signal: run.signal, onUpdate: (u) => this.#apply(u) });
      if (outcome.status === 'failed' && outcome.error) this.#push({ kind: 'message', id: localId('err'), role: 'error', text: outcome.error.message, streaming: false });
      this.#set(ChatStatus.idle);
    } catch (error) {
      this.#fail(error);
    } finally {
      if (this.#run === run) this.#run = undefined;
      this.#finishStreaming();
      this.host.requestUpdate();
    }
  }

  /** Aborts the run and its tool calls; pending consent prompts are denied. */
  stop(): void {
    for (const resolve of this.#consents.values()) resolve('deny');
    this.#consents.clear();
    this.#run?.abort();
  }

  /** Answers a consent prompt shown on a tool card. */
  answerConsent(toolCallId: string, decision: ConsentDecision): void {
    const resolve = this.#consents.get(toolCallId);
    if (!resolve) return;
    this.#consents.delete(toolCallId);
    resolve(decision);
  }

  #ensureSession(): ChatSession {
    this.#session ??= new ChatSession({
      apiUrl: this.options.apiUrl(),
      clientToken: this.options.clientToken(),
      consent: (call, tool) => this.#askConsent(call, tool),
    });
    return this.#session;
  }

  #askConsent(call: ToolCall, tool: PageTool): Promise<ConsentDecision> {
    this.#updateTool(call.toolCallId, { status: 'consent', title: tool.title || tool.name });
    return new Promise((resolve) => this.#consents.set(call.toolCallId, resolve));
  }

  #apply(update: RunUpdate): void {
    switch (update.type) {
      case 'event':
        this.#applyEvent(update.event);
        break;
      case 'tools-waiting':
        this.#set(ChatStatus.waitingForTools);
        break;
      case 'tool-started':
        this.#updateTool(update.call.toolCallId, { status: 'running', ...(update.tool?.title ? { title: update.tool.title } : {}) });
        break;
      case 'tool-finished':
        this.#updateTool(update.call.toolCallId, {
          status: update.result.isError ? 'error' : 'done',
          result: resultText(update.result),
          durationMs: update.durationMs,
        });
        if (this.items.every((i) => i.kind !== 'tool' || (i.status !== 'running' && i.status !== 'consent'))) this.#set(ChatStatus.thinking);
        break;
      default:
        break;
    }
  }

  #applyEvent(event: StreamEvent): void {
    switch (event.type) {
      case 'text_start':
        this.#push({ kind: 'message', id: event.id, role: 'assistant', text: '', streaming: true });
        break;
      case 'text_delta':
        this.#updateMessage(event.id, (m) => ({ ...m, text: m.text + event.delta }));
        break;
      case 'text_complete':
        this.#updateMessage(event.id, (m) => ({ ...m, text: event.text, streaming: false }));
        this.announcement = event.text;
        break;
      case 'tool_start':
        if (!this.items.some((i) => i.kind === 'tool' && i.id === event.toolCallId)) {
          this.#push({ kind: 'tool', id: event.toolCallId, name: event.toolName, title: event.toolName, parameters: event.parameters, status: 'requested' });
        }
        break;
      case 'tool_complete':
        this.#updateTool(event.toolCallId, { status: event.success ? 'done' : 'error' });
        break;
      default:
        break;
    }
  }

  #push(item: ChatItem): void {
    this.items = [...this.items, item];
    this.host.requestUpdate();
  }

  #updateMessage(id: string, change: (m: MessageItem) => MessageItem): void {
    this.items = this.items.map((i) => (i.kind === 'message' && i.id === id ? change(i) : i));
    this.host.requestUpdate();
  }

  #updateTool(id: string, change: Partial<ToolItem>): void {
    this.items = this.items.map((i) => (i.kind === 'tool' && i.id === id ? { ...i, ...change } : i));
    this.host.requestUpdate();
  }

  #finishStreaming(): void {
    if (this.items.some((i) => i.kind === 'message' && i.streaming)) {
      this.items = this.items.map((i) => (i.kind === 'message' && i.streaming ? { ...i, streaming: false } : i));
    }
  }

  #fail(error: unknown): void {
    const message =
      error instanceof HttpError
        ? error.hint ?? error.code
        : error instanceof Error
          ? error.message
          : String(error);
    this.#push({ kind: 'message', id: localId('err'), role: 'error', text: message, streaming: false });
    this.#set(ChatStatus.error);
  }

  #set(status: ChatStatus): void {
    this.status = status;
    this.host.requestUpdate();
  }
}
