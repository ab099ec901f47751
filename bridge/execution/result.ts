import type { McpToolResult, ToolOutcome } from '../protocol/index.js';

/** The output sent for a tool that navigated the page (WebMCP returns `null`). */
export const NAVIGATED_TEXT = 'The tool navigated the page, so its result is not available.';

/** Normalizes what a backend returned for tool `toolName` to an MCP result. */
export function toResult(outcome: ToolOutcome | null, toolName: string): McpToolResult {
  if (outcome === null) return { content: [{ type: 'text', text: NAVIGATED_TEXT }] };
  // A tool's own error result reads like a tool that threw: the model sees which tool failed.
  // A backend that hands back the tool's value itself: the wire (and the server) wants text.
  const text = typeof outcome.text === 'string' ? outcome.text : describeError(outcome.text);
  if (outcome.isError) return errorResult(`The tool ${toolName} failed: ${text}`);
  return { content: [{ type: 'text', text }] };
}

/** A tool failure as data the model can read. */
export function errorResult(message: string): McpToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** The text of a result, joined. */
export function resultText(result: McpToolResult): string {
  return result.content.map((c) => c.text).join('\n');
}

/** A readable message from anything a page tool threw (WebMCP often gives a bare `UnknownError`). */
export function describeError(error: unknown): string {
  if (error instanceof Error || error instanceof DOMException) {
    const message = error.message?.trim();
    if (!message || message === error.name) return `${error.name || 'Error'} (the page gave no details)`;
    return error.name && error.name !== 'Error' ? `${error.name}: ${message}` : message;
  }
  if (typeof error === 'string' && error) return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
