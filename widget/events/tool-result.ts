import type { McpToolResult, ToolCall } from '../../bridge/index.js';

export interface ToolResultDetail {
  toolCallId: string;
  name: string;
  /** What is sent back to the model; `isError` for failures, denials, timeouts and vetoes. */
  result: McpToolResult;
  durationMs: number;
}

/** Fired when a page tool call has finished, successfully or not. Not cancelable. */
export class ToolResultEvent extends Event {
  static readonly type = 'webmcp-chat-tool-result';
  readonly detail: ToolResultDetail;

  constructor(call: ToolCall, result: McpToolResult, durationMs: number) {
    super(ToolResultEvent.type, { bubbles: true, composed: true, cancelable: false });
    this.detail = { toolCallId: call.toolCallId, name: call.toolName, result, durationMs };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'webmcp-chat-tool-result': ToolResultEvent;
  }
}
