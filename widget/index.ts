/**
 * The ESM entry for bundler users: `import 'webmcp-chat'` defines `<webmcp-chat>`.
 */
export { WebmcpChat } from './webmcp-chat.js';
export { WebmcpToolCard } from './tool-card.js';
export { ChatController, ChatStatus } from './controllers/chat-controller.js';
export type { ChatItem, MessageItem, ToolItem, ToolStatus } from './controllers/chat-controller.js';
export { ToolCallEvent } from './events/tool-call.js';
export type { ToolCallDetail } from './events/tool-call.js';
export { ToolResultEvent } from './events/tool-result.js';
export type { ToolResultDetail } from './events/tool-result.js';
export { ToolsEvent } from './events/tools.js';
export type { ToolsDetail } from './events/tools.js';
export { ChatSession, installPolyfill } from '../bridge/index.js';
export type { ConsentAnswer, ConsentPolicy, RunOutcome, RunUpdate, SessionOptions, WebmcpSettings } from '../bridge/index.js';
