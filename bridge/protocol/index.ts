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
export { RPC_MAX_MESSAGE_BYTES, RPC_MAX_RESULT_BYTES, RPC_PATH } from './rpc.js';
export type {
  RpcCallMessage,
  RpcCancelMessage,
  RpcErrorMessage,
  RpcHandlerMessage,
  RpcReadyMessage,
  RpcResultMessage,
  RpcServerMessage,
} from './rpc.js';
