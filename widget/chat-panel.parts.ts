/**
 * Pieces of `<webmcp-chat-panel>`'s view that need nothing of the element but what they are given:
 * the typing and status line, the debug list of offered and left-out tools, and handing streaming
 * messages the text that arrived since the last update. Module functions rather than methods, so
 * the minifier shortens their names (the panel's bytes are budgeted).
 */
import { html, nothing } from 'lit';
import { ChatStatus, type ChatController } from './controllers/chat-controller.js';
import { format, type Strings } from './i18n/index.js';

/** The typing dots while the model thinks (nothing streams yet), or a line for connecting and waiting on tools. */
export function renderStatus(chat: ChatController, s: Strings) {
  const status = chat.status;
  const streaming = chat.items.some((i) => i.kind === 'message' && i.streaming);
  if (status === ChatStatus.thinking && !streaming) {
    return html`<div part="typing" class="typing" role="status">
      <span class="dots" aria-hidden="true"><i></i><i></i><i></i></span><span class="sr-only">${s.thinking}</span>
    </div>`;
  }
  const text =
    status === ChatStatus.connecting ? s.connecting : status === ChatStatus.waitingForTools ? s.waitingForTools : '';
  return text ? html`<div class="status-line" role="status">${text}</div>` : nothing;
}

/** The offered and left-out page tools (`debug`). */
export function renderDebug(tools: ChatController['tools'], s: Strings) {
  if (!tools) return nothing;
  return html`<details part="debug" class="debug">
    <summary>${format(s.debugSummary, { offered: tools.clientTools.length, dropped: tools.dropped.length })}</summary>
    <ul>
      ${tools.clientTools.map((t) => html`<li data-offered=${t.name}>${t.name}</li>`)}
      ${tools.dropped.map((d) => html`<li data-dropped=${d.name}>${d.name} — ${d.reason}</li>`)}
    </ul>
  </details>`;
}

/**
 * Hands each streaming message in `root` the text pieces that arrived since the last update
 * (`deltas`, by message id), so it renders only those (its `text` binding is left alone meanwhile).
 * A message that finished got its whole text through the binding instead: its queue is dropped.
 */
export function feedMessages(deltas: Map<string, string[]>, items: ChatController['items'], root: ParentNode): void {
  for (const [id, queue] of deltas) {
    const item = items.find((i) => i.kind === 'message' && i.id === id);
    if (!item || item.kind !== 'message' || !item.streaming) {
      deltas.delete(id);
      continue;
    }
    if (queue.length === 0) continue;
    const message = root.querySelector<HTMLElementTagNameMap['webmcp-chat-message']>(
      `webmcp-chat-message[data-message-id="${CSS.escape(id)}"]`,
    );
    const delta = queue.join('');
    queue.length = 0;
    if (!message) continue;
    // lengths only (never the text): a message that missed a piece is given the whole text
    if (message.text.length + delta.length === item.text.length) message.appendText(delta);
    else message.text = item.text;
  }
}
