/**
 * The ESM entry for bundler users: `import 'webmcp-chat'` does what the script tag does — prepares
 * the page's WebMCP at once (installing the polyfill when the browser has none) and defines
 * `<webmcp-chat>` — and the panel is a separate chunk, imported on first open (at once inline, or
 * on `send()`). Importing it where `HTMLElement` does not exist (server-side rendering) is safe and
 * defines nothing. The bridge itself (`ChatSession`, `installPolyfill`, …) is `webmcp-chat/bridge`.
 */
import { WebmcpChat } from './webmcp-chat.js';
// Not `../bridge/index.js`: the entry must stay as small as the script tag's launcher, so only the
// immediate WebMCP work is imported statically and the rest of the bridge comes with the panel.
import { prepareWebmcp } from '../bridge/discovery/prepare.js';

// Where there is no DOM (server-side rendering) the import defines nothing and touches nothing.
if (typeof document !== 'undefined') prepareWebmcp();
WebmcpChat.loadPanel ??= () => import('./panel.js');

export { WebmcpChat };
export type { PanelLoader } from './webmcp-chat.js';
export type { WebmcpChatPanel } from './chat-panel.js';
export type { WebmcpToolCard } from './tool-card.js';
export type {
  ChatItem,
  ChatStatus,
  MessageItem,
  PersistMode,
  ToolItem,
  ToolStatus,
} from './controllers/chat-controller.js';
export { OpenEvent } from './events/open.js';
export { CloseEvent } from './events/close.js';
export { ChatMessageEvent } from './events/message.js';
export type { ChatMessageDetail } from './events/message.js';
export { ChatErrorEvent } from './events/error.js';
export type { ChatErrorDetail } from './events/error.js';
export { ToolCallEvent } from './events/tool-call.js';
export type { ToolCallDetail } from './events/tool-call.js';
export { ToolResultEvent } from './events/tool-result.js';
export type { ToolResultDetail } from './events/tool-result.js';
export { ToolsEvent } from './events/tools.js';
export { ClientEventEvent } from './events/client-event.js';
export type { ClientEventDetail } from '../bridge/index.js';
export type { ToolsDetail } from './events/tools.js';
export type { Locale, Strings } from './i18n/index.js';
export type { ConsentAnswer, ConsentPolicy } from '../bridge/index.js';
