/**
 * The backend RPC protocol: what an operator's handler process (the SDK's `createRpcHandler`) and
 * the server say to each other over one WebSocket at `GET /v1/rpc`. Every message is one JSON text
 * frame. Types only plus constants, so both sides (and a handler written in another language) share
 * one definition.
 *
 * Connect: `GET /v1/rpc?agent=<agent id>&tools=<name>,<name>` with `Authorization: Bearer <API key>`
 * and the usual WebSocket upgrade headers. A refused connect is an HTTP answer to the upgrade
 * (`{error, hint}` body): 401 `api_key_invalid`, 403 `api_key_forbidden`, 400 `invalid_request`,
 * 400 `rpc_tool_not_declared`.
 */

/** The path of the upgrade route. */
export const RPC_PATH = '/v1/rpc';

/** The most bytes one message may have, either way (a larger one closes the socket with 1009). */
export const RPC_MAX_MESSAGE_BYTES = 1024 * 1024;

/** The most bytes of a result or error text a handler may send (the cap of every server tool result). */
export const RPC_MAX_RESULT_BYTES = 256 * 1024;

/** Server → handler, once registered: the handler's id and the tools it serves. */
export interface RpcReadyMessage {
  type: 'ready';
  handlerId: string;
  agent: string;
  tools: string[];
}

/** Server → handler: run one call and answer within `timeoutMs`. */
export interface RpcCallMessage {
  type: 'call';
  /** The server's id of this call (`rpc_…`); the answer names it. */
  id: string;
  /** The model's tool call id. */
  toolCallId: string;
  name: string;
  arguments: Record<string, unknown>;
  timeoutMs: number;
}

/** Server → handler: the call timed out or its run stopped; an answer will be ignored. */
export interface RpcCancelMessage {
  type: 'cancel';
  id: string;
}

/** Handler → server: the call's value (any JSON; a string is passed on as it is). */
export interface RpcResultMessage {
  type: 'result';
  id: string;
  result: unknown;
}

/** Handler → server: the call failed; `message` becomes the model's error result. */
export interface RpcErrorMessage {
  type: 'error';
  id: string;
  message: string;
}

export type RpcServerMessage = RpcReadyMessage | RpcCallMessage | RpcCancelMessage;
export type RpcHandlerMessage = RpcResultMessage | RpcErrorMessage;
