/**
 * The panel module, loaded on demand by `<webmcp-chat>`: importing it defines
 * `<webmcp-chat-panel>` (with Lit, the bridge's chat session, the chat controller, tool cards,
 * messages and the English strings). The script-tag build emits it as `webmcp-chat-panel-<hash>.js`
 * next to the loader; the ESM build as a chunk the bundler splits off. `loadLocale` fetches another
 * language's strings (a chunk of their own), which the launcher does before it shows the panel.
 */
export { WebmcpChatPanel } from './chat-panel.js';
export { loadLocale } from './i18n/index.js';
