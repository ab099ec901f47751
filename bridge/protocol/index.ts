export { LIMITS, LIMIT_CODES, jsonDepth, utf8Length } from './limits.js';
export type { LimitCode } from './limits.js';
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
