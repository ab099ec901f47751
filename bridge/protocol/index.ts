export { LIMITS, LIMIT_CODES, clientToolProblem, jsonDepth, utf8Length } from './limits.js';
export type { ClientToolProblem, LimitCode } from './limits.js';
export type {
  ChatMessage,
  ChatRequest,
  ClientTool,
  ErrorBody,
  InitRequest,
  InitResponse,
  McpToolResult,
  OriginRule,
  ResumeRequest,
  StreamEvent,
  StreamEventOf,
  StreamEventType,
  StreamRequest,
  ToolAnnotations,
  ToolOutcome,
  ToolOutput,
  WebmcpSettings,
} from './types.js';
export { ERROR_CODES, isErrorCode } from './errors.js';
export type { ErrorCode, HttpStatusCode } from './errors.js';
// Types only: the schemas (zod) are imported from './dispatch.js' by the server, never by browser code.
export type { DispatchRequest, DispatchResult, DispatchResumeRequest } from './dispatch.js';
