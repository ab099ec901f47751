/**
 * The Node SDK of webmcp-chat: code that is not a page (a backend, a worker, a native app's server)
 * runs an agent with an API key, with tools local to its own process (`createClient`), and backend RPC
 * handlers connect out to serve an agent's `rpc` tools (`createRpcHandler`). Node 20+, Deno and Bun;
 * no browser globals.
 */
export { createClient, RunError } from './client.js';
export type {
  Client,
  ClientOptions,
  DispatchEvent,
  LocalRunOptions,
  LocalRunResult,
  RequestOptions,
} from './client.js';
export { DEFAULT_LOCAL_TIMEOUT_MS } from './local-tools.js';
export type { LocalCall, LocalTool, LocalToolContext } from './local-tools.js';
export { BridgeError as ChatError, HttpError } from '../bridge/transport/errors.js';
export type {
  DispatchRequest,
  DispatchResult,
  DispatchResumeRequest,
  StreamEvent,
  StreamEventOf,
  StreamEventType,
  ToolOutput,
} from '../bridge/protocol/index.js';
export { createRpcHandler, RpcHandlerError } from './rpc.js';
export type { RpcHandler, RpcHandlerOptions, RpcToolContext, RpcToolFunction } from './rpc.js';
