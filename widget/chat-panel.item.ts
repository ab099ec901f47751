/**
 * One entry of `<webmcp-chat-panel>`'s log: a message bubble, or a tool call's card, either one
 * followed by a note when the user stopped the run there. The welcome message is a bubble too.
 */
import { html, noChange, nothing } from 'lit';
import type { MessageRole } from './chat-message.js';
import type { WebmcpChatPanel } from './chat-panel.js';
import type { ChatItem } from './controllers/chat-controller.js';
import type { Strings } from './i18n/index.js';

/** The messages' "load image" label, in the panel's language. */
type ImageLabel = (alt: string) => string;

/**
 * One chat item of `panel`. `deltas` are the text pieces of streaming messages not yet handed to
 * their element, by message id (`feedMessages`).
 */
export function renderItem(
  item: ChatItem,
  panel: WebmcpChatPanel,
  s: Strings,
  imageLabel: ImageLabel,
  deltas: ReadonlyMap<string, string[]>,
) {
  const stopped = item.stopped ? html`<p part="stopped" class="stopped">${s.stopped}</p>` : nothing;
  if (item.kind === 'tool') {
    return html`<webmcp-tool-card
        part="tool-card"
        tool-call-id=${item.id}
        name=${item.name}
        tool-title=${item.title}
        description=${item.description ?? ''}
        summary=${item.summary ?? ''}
        origin=${item.origin ?? 'webmcp'}
        status=${item.status}
        ?debug=${panel.debug}
        .parameters=${item.parameters}
        .result=${item.result}
        .durationMs=${item.durationMs}
        .renderResult=${panel.renderToolResult}
        .strings=${s}
      ></webmcp-tool-card
      >${stopped}`;
  }
  // a streaming message fed piece by piece keeps its text: no whole-text reassignment per piece
  const text = item.streaming && deltas.has(item.id) ? noChange : item.text;
  return html`${renderMessage(item.role, text, panel, imageLabel, item.streaming, item.id)}${stopped}`;
}

export function renderMessage(
  role: MessageRole,
  text: string | typeof noChange,
  panel: WebmcpChatPanel,
  imageLabel: ImageLabel,
  streaming = false,
  id = '',
) {
  return html`<webmcp-chat-message
    part="message"
    data-message-id=${id || nothing}
    data-role=${role}
    .role=${role}
    .text=${text}
    .streaming=${streaming}
    .headingOffset=${panel.headingLevel}
    .imageLabel=${imageLabel}
  ></webmcp-chat-message>`;
}
