import type { McpToolResult, ToolCall } from '../../bridge/index.js';

export interface ToolResultDetail {
  toolCallId: string;
  name: string;
  /** What is sent back to the model; `isError` for failures, denials, timeouts and vetoes. */
  result: McpToolResult;
  durationMs: number;
  /** `webmcp` for a page tool the widget ran, `server` for one the shop's server ran. */
  origin: 'webmcp' | 'server';
}

/**
 * Fired when a tool call has finished, successfully or not: a page tool the widget ran, or a tool
 * the shop's server ran itself (`origin: 'server'`). Not cancelable.
 */
export class ToolResultEvent extends Event {
  static readonly type = 'webmcp-chat-tool-result';
  readonly detail: ToolResultDetail;

  constructor(call: ToolCall, result: McpToolResult, durationMs: number, origin: 'webmcp' | 'server' = 'webmcp') {
    super(ToolResultEvent.type, { bubbles: true, composed: true, cancelable: false });
    this.detail = { toolCallId: call.toolCallId, name: call.toolName, result, durationMs, origin };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'webmcp-chat-tool-result': ToolResultEvent;
  }
}
