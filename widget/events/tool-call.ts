import type { PageTool, ToolCall } from '../../bridge/index.js';

export interface ToolCallDetail {
  toolCallId: string;
  /** Bare tool name. */
  name: string;
  /** The arguments the model sent (already validated against the tool's schema). */
  parameters: unknown;
  annotations: PageTool['annotations'];
  /**
   * Set by a listener to say what the call will do, in the page's words (e.g. the cart lines and
   * total of a checkout); the consent prompt shows it instead of the raw arguments. Line breaks are kept.
   */
  summary?: string;
}

/**
 * Fired before the widget runs a page tool the model asked for. Cancelable: `preventDefault()`
 * declines the call, and the model is told the page declined it.
 *
 * A listener may also set `detail.summary` to describe the call in the consent prompt.
 *
 * @example chat.addEventListener('webmcp-chat-tool-call', (e) => { if (e.detail.name === 'checkout') e.preventDefault(); });
 * @example chat.addEventListener('webmcp-chat-tool-call', (e) => { if (e.detail.name === 'checkout') e.detail.summary = cart.describe(); });
 */
export class ToolCallEvent extends Event {
  static readonly type = 'webmcp-chat-tool-call';
  readonly detail: ToolCallDetail;

  constructor(call: ToolCall, tool: PageTool) {
    super(ToolCallEvent.type, { bubbles: true, composed: true, cancelable: true });
    this.detail = {
      toolCallId: call.toolCallId,
      name: call.toolName,
      parameters: call.parameters,
      annotations: tool.annotations,
    };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'webmcp-chat-tool-call': ToolCallEvent;
  }
}
