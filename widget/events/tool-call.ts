import type { PageTool, ToolCall } from '../../bridge/index.js';

export interface ToolCallDetail {
  toolCallId: string;
  /** Bare tool name. */
  name: string;
  /** The arguments the model sent (already validated against the tool's schema). */
  parameters: unknown;
  annotations: PageTool['annotations'];
}

/**
 * Fired before the widget runs a page tool the model asked for. Cancelable: `preventDefault()`
 * declines the call, and the model is told the page declined it.
 *
 * @example chat.addEventListener('webmcp-chat-tool-call', (e) => { if (e.detail.name === 'checkout') e.preventDefault(); });
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
