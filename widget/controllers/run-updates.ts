/**
 * How a run shows in the conversation: its updates and stream events become chat items (a reply
 * that grows piece by piece, a tool card from requested through running to done), status changes,
 * and the events the page hears about finished messages and tool calls. Every change a run makes
 * to the controller's items goes through these functions (retry, clear and restore are the controller's).
 */
import {
  resultText,
  type McpToolResult,
  type RunUpdate,
  type StreamEvent,
  type StreamEventOf,
  type ToolCall,
} from '../../bridge/index.js';
import { ChatMessageEvent } from '../events/message.js';
import { ToolResultEvent } from '../events/tool-result.js';
import { format } from '../i18n/index.js';
import type { ChatController } from './chat-controller.js';
import { ChatStatus, type ChatItem, type MessageItem, type ToolItem } from './chat-items.js';

/** A run's update other than a snapshot of the page's tools (they are no chat item). */
type ItemUpdate = Exclude<RunUpdate, { type: 'snapshot' }>;

/**
 * Applies one update of the run to the conversation. True when it reached a point worth saving: a
 * message or a tool call finished, or tools wait to run.
 */
export function applyUpdate(chat: ChatController, update: ItemUpdate): boolean {
  switch (update.type) {
    case 'event':
      return applyEvent(chat, update.event);
    case 'tools-waiting':
      for (const call of update.calls) ensureToolItem(chat, call);
      setStatus(chat, ChatStatus.waitingForTools);
      return true;
    case 'tool-started':
      ensureToolItem(chat, update.call);
      updateTool(chat, update.call.toolCallId, {
        status: 'running',
        ...(update.tool?.title ? { title: update.tool.title } : {}),
      });
      return false;
    case 'tool-finished':
      updateTool(chat, update.call.toolCallId, {
        status: update.result.isError ? 'error' : 'done',
        result: resultText(update.result),
        durationMs: update.durationMs,
      });
      chat.host.dispatchEvent(new ToolResultEvent(update.call, update.result, update.durationMs));
      if (chat.items.every((i) => i.kind !== 'tool' || (i.status !== 'running' && i.status !== 'consent')))
        setStatus(chat, ChatStatus.thinking);
      return true;
  }
}

function applyEvent(chat: ChatController, event: StreamEvent): boolean {
  switch (event.type) {
    case 'text_start':
      pushItem(chat, { kind: 'message', id: event.id, role: 'assistant', text: '', streaming: true });
      break;
    case 'text_delta':
      updateMessage(chat, event.id, (m) => ({ ...m, text: m.text + event.delta }));
      chat.options.onTextDelta?.(event.id, event.delta);
      break;
    case 'text_complete': {
      const done = updateMessage(chat, event.id, (m) => ({ ...m, text: event.text, streaming: false }));
      if (done) finished(chat, done);
      return true;
    }
    case 'tool_start':
      ensureToolItem(chat, { toolCallId: event.toolCallId, toolName: event.toolName, parameters: event.parameters });
      // The shop's server runs this one itself: no pause, its result arrives in this stream.
      if (event.origin === 'server') updateTool(chat, event.toolCallId, { origin: 'server', status: 'running' });
      break;
    case 'tool_complete':
      if (event.origin === 'server') serverToolDone(chat, event);
      else updateTool(chat, event.toolCallId, { status: event.success ? 'done' : 'error' });
      break;
    default:
      break;
  }
  return false;
}

function serverToolDone(chat: ChatController, event: StreamEventOf<'tool_complete'>): void {
  const text =
    !event.success && event.error
      ? event.error
      : typeof event.result === 'string'
        ? event.result
        : JSON.stringify(event.result ?? null);
  const result: McpToolResult = { content: [{ type: 'text', text }], ...(event.success ? {} : { isError: true }) };
  updateTool(chat, event.toolCallId, {
    origin: 'server',
    status: event.success ? 'done' : 'error',
    result: text,
    durationMs: event.executionTime,
  });
  const call = { toolCallId: event.toolCallId, toolName: event.toolName, parameters: undefined };
  chat.host.dispatchEvent(new ToolResultEvent(call, result, event.executionTime, 'server'));
}

/** A message is complete: the page hears it, and the live region says replies and errors once. */
export function finished(chat: ChatController, message: MessageItem): void {
  if (message.role === 'assistant') chat.announcement = { text: message.text, messageId: message.id };
  if (message.role === 'error')
    chat.announcement = { text: format(chat.options.strings().announceError, { message: message.text }) };
  chat.host.dispatchEvent(new ChatMessageEvent({ role: message.role, text: message.text, id: message.id }));
}

export function setStatus(chat: ChatController, status: ChatStatus): void {
  chat.status = status;
  chat.host.requestUpdate();
}

function ensureToolItem(chat: ChatController, call: ToolCall): void {
  if (chat.items.some((i) => i.kind === 'tool' && i.id === call.toolCallId)) return;
  pushItem(chat, {
    kind: 'tool',
    id: call.toolCallId,
    name: call.toolName,
    title: call.toolName,
    parameters: call.parameters,
    status: 'requested',
  });
}

export function pushItem(chat: ChatController, item: ChatItem): void {
  chat.items = [...chat.items, item];
  chat.host.requestUpdate();
}

export function updateTool(chat: ChatController, id: string, change: Partial<ToolItem>): void {
  chat.items = chat.items.map((i) => (i.kind === 'tool' && i.id === id ? { ...i, ...change } : i));
  chat.host.requestUpdate();
}

function updateMessage(
  chat: ChatController,
  id: string,
  change: (m: MessageItem) => MessageItem,
): MessageItem | undefined {
  let changed: MessageItem | undefined;
  chat.items = chat.items.map((i) => (i.kind === 'message' && i.id === id ? (changed = change(i)) : i));
  chat.host.requestUpdate();
  return changed;
}

/** The run is over: no message is left streaming. */
export function finishStreaming(chat: ChatController): void {
  if (chat.items.some((i) => i.kind === 'message' && i.streaming)) {
    chat.items = chat.items.map((i) => (i.kind === 'message' && i.streaming ? { ...i, streaming: false } : i));
  }
}

/** The run was stopped: its last item is marked, so nobody takes a cut-off answer for a whole one. */
export function markStopped(chat: ChatController): void {
  const last = chat.items.at(-1);
  if (last) chat.items = [...chat.items.slice(0, -1), { ...last, stopped: true }];
}
