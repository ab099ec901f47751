/**
 * The ESM entry for bundler users: `import 'webmcp-chat'` defines `<webmcp-chat>`.
 */
export { WebmcpChat } from './webmcp-chat.js';
export { WebmcpToolCard } from './tool-card.js';
export { ChatController, ChatStatus } from './controllers/chat-controller.js';
export type { ChatItem, MessageItem, ToolItem, ToolStatus } from './controllers/chat-controller.js';
export { ChatSession, installPolyfill } from '../bridge/index.js';
export type { RunOutcome, RunUpdate, SessionOptions, WebmcpSettings } from '../bridge/index.js';
