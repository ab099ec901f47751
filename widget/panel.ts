/**
 * The panel module, loaded on demand by `<webmcp-chat>`: importing it defines
 * `<webmcp-chat-panel>` (with Lit, the bridge's chat session, the chat controller, tool cards,
 * messages and every locale bundle). The script-tag build emits it as `webmcp-chat-panel-<hash>.js`
 * next to the loader; the ESM build as a chunk the bundler splits off.
 */
export { WebmcpChatPanel } from './chat-panel.js';
