/**
 * Bundled by the XSS spec and added to the page: `<webmcp-chat-message>` as built from the source
 * tree, under its own tag (a subclass), so the corpus also runs against the current renderer when
 * the page's widget build is older.
 */
import { WebmcpChatMessage } from '../../widget/chat-message.js';

if (!customElements.get('xss-source-chat-message'))
  customElements.define('xss-source-chat-message', class extends WebmcpChatMessage {});
