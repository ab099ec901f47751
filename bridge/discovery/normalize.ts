/**
 * What every backend adapter shares: a registered tool of any shape becomes a `PageTool`, a result
 * of any shape becomes a `ToolOutcome` (or `null` for "the tool navigated"), a wrapped tool
 * error becomes the tool's own message, and an abort always wins promptly.
 */
import type { ToolOutcome } from '../protocol/index.js';
import type { PageTool, RegisteredToolLike } from './types.js';

/**
 * What Chromium says when a tool's `execute` threw. Native WebMCP stops there (the tool's message
 * is lost); the MCP-B polyfill and `modelContextTesting` append `: <the tool's message>`.
 */
const TOOL_FAILED =
  /^Tool was executed but the invocation failed\. For example, the script function threw an error(?::\s*([\s\S]*))?$/;

/** Keys an MCP `CallToolResult` may have; an object with any other key is a plain tool value. */
const CALL_TOOL_RESULT_KEYS = new Set(['content', 'isError', 'structuredContent', '_meta']);

/** A tool as the bridge sees it; `handle` is what the backend needs to execute it again. */
export function toPageTool(tool: RegisteredToolLike, handle: unknown = tool): PageTool {
  let inputSchema: Record<string, unknown> | undefined;
  let schemaUnparseable = false;
  const raw = tool.inputSchema;
  if (typeof raw === 'string' && raw.trim() !== '') {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (isPlainObject(parsed)) inputSchema = parsed;
      else schemaUnparseable = true;
    } catch {
      schemaUnparseable = true; // degrade to "an object is required"; the tool stays usable
    }
  } else if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    inputSchema = raw;
  }
  const page: PageTool = {
    name: tool.name,
    description: typeof tool.description === 'string' ? tool.description : '',
    inputSchema,
    schemaUnparseable,
    annotations: isPlainObject(tool.annotations) ? { ...tool.annotations } : {},
    handle,
  };
  if (typeof tool.title === 'string' && tool.title) page.title = tool.title;
  return page;
}

/** Keeps the entries of a tool list that have a usable name (a backend may hand back anything). */
export function registeredTools(list: unknown): RegisteredToolLike[] {
  if (!Array.isArray(list)) return [];
  return list.filter((t): t is RegisteredToolLike => isPlainObject(t) && typeof t.name === 'string' && t.name !== '');
}

/**
 * A tool's return value as text, the way native Chromium serializes it (MCP-B does the same):
 * objects as JSON, other values with `String()`, an empty string as "Operation succeeded".
 */
export function serializeLikeChromium(value: unknown): string {
  if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
    try {
      const json = JSON.stringify(value);
      if (json !== undefined) return json;
    } catch {
      // a cyclic or otherwise unserializable value: fall through to String(), as MCP-B does
    }
  }
  return String(value) || 'Operation succeeded';
}

/**
 * A tool's return value as the bridge's outcome: an MCP `CallToolResult` (what tools written for
 * MCP-B return) is unwrapped to its text and keeps its `isError`, so the model sees a failure as a
 * failure; anything else is serialized like Chromium does.
 */
export function serializeToolValue(value: unknown): ToolOutcome {
  return isCallToolResult(value) ? callToolOutcome(value) : { text: serializeLikeChromium(value), isError: false };
}

/**
 * What `executeTool` resolved with, as the bridge's result: `null` (the tool navigated the page)
 * stays `null`, a string is kept (unwrapping a JSON `CallToolResult`), anything else is serialized.
 */
export function fromExecuteResult(raw: unknown): ToolOutcome | null {
  if (raw === null) return null;
  if (typeof raw !== 'string') return serializeToolValue(raw);
  if (raw.startsWith('{') && raw.includes('"content"')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { text: raw, isError: false }; // not JSON after all: a bare string result
    }
    if (isCallToolResult(parsed)) return callToolOutcome(parsed);
  }
  return { text: raw, isError: false };
}

/**
 * The tool's own error from a backend's wrapped one: MCP-B and `modelContextTesting` reject with
 * `UnknownError: Tool was executed but the invocation failed. … threw an error: <message>`.
 */
export function unwrapToolError(error: unknown): unknown {
  if (!(error instanceof Error || error instanceof DOMException)) return error;
  const detail = TOOL_FAILED.exec(error.message ?? '')?.[1]?.trim();
  return detail ? new DOMException(detail, error.name || 'UnknownError') : error;
}

/** True when `error` says the tool's `execute` ran and failed (not that the call was refused). */
export function isToolFailure(error: unknown): boolean {
  return (error instanceof Error || error instanceof DOMException) && TOOL_FAILED.test(error.message ?? '');
}

/**
 * Settles like `promise`, but rejects with the abort reason as soon as `signal` aborts, so a
 * backend that ignores the signal (MCP-B does not pass it to the tool) cannot hold a stopped call.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('signal is aborted without reason', 'AbortError');
}

interface CallToolResultLike {
  content: Array<{ type: string; text?: unknown }>;
  isError?: unknown;
  structuredContent?: unknown;
}

function isCallToolResult(value: unknown): value is CallToolResultLike {
  if (!isPlainObject(value) || !Array.isArray(value.content)) return false;
  if (!Object.keys(value).every((key) => CALL_TOOL_RESULT_KEYS.has(key))) return false;
  return value.content.every((item) => isPlainObject(item) && typeof item.type === 'string');
}

function callToolOutcome(result: CallToolResultLike): ToolOutcome {
  const onlyText = result.content.every((item) => item.type === 'text' && typeof item.text === 'string');
  // Images and resources cannot become text here: keep the whole result for the model to read.
  let text = onlyText ? result.content.map((item) => item.text as string).join('\n') : JSON.stringify(result);
  if (!text && result.structuredContent !== undefined) text = JSON.stringify(result.structuredContent) ?? '';
  if (result.isError === true) return { text: text || 'The tool reported an error.', isError: true };
  return { text: text || 'Operation succeeded', isError: false };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
