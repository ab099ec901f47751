/**
 * The bridge's public API: everything the widget (or a custom UI) needs to run chats against the
 * client-token API with the page's WebMCP tools. Anything not listed here is private.
 */
export { ChatSession } from './run/index.js';
export type { ClientEventDetail, RunOutcome, RunUpdate, SendOptions, SessionOptions } from './run/index.js';
export { CONSENT_POLICIES, ConsentMemory, needsConsent } from './consent/index.js';
export type { ConsentAnswer, ConsentPolicy } from './consent/index.js';
export { detectBackend, installPolyfill, prepareWebmcp } from './discovery/index.js';
export type { BackendKind, ModelContextLike, PageTool, PageToolDefinition, WebmcpBackend } from './discovery/index.js';
export { NAVIGATED_TEXT, resultText } from './execution/index.js';
export type { ToolCall, ToolRunSettings } from './execution/index.js';
export { compilePolicy } from './policy/index.js';
export type { PolicyDecision, ToolPolicy } from './policy/index.js';
export { journalKey } from './recovery/index.js';
export type { PausedRun } from './recovery/index.js';
export { StorageSlot } from './storage/index.js';
export type { DroppedTool, Snapshot } from './snapshot/index.js';
export { BridgeError, HttpError, isAbortError } from './transport/index.js';
export { ERROR_CODES, LIMIT_CODES, isErrorCode } from './protocol/index.js';
export type {
  ClientTool,
  ErrorCode,
  HttpStatusCode,
  InitResponse,
  McpToolResult,
  StreamEvent,
  StreamEventOf,
  ToolAnnotations,
  ToolOutcome,
  WebmcpSettings,
} from './protocol/index.js';
