import type { McpToolResult } from '../protocol/index.js';

/** The output sent for a tool that navigated the page (WebMCP returns `null`). */
export const NAVIGATED_TEXT = 'The tool navigated the page, so its result is not available.';

/** Normalizes what a backend returned to an MCP result. */
export function toResult(raw: string | null): McpToolResult {
  if (raw === null) return { content: [{ type: 'text', text: NAVIGATED_TEXT }] };
  // Some polyfills hand back the tool's value itself; the wire (and the server) wants text.
  return { content: [{ type: 'text', text: typeof raw === 'string' ? raw : describeError(raw) }] };
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
