/**
 * The Node SDK: code that is not a page talks to the chat server with an API key. Node 20+, Deno
 * and Bun; no browser globals.
 */
export { createRpcHandler, RpcHandlerError } from './rpc.js';
export type { RpcHandler, RpcHandlerOptions, RpcToolContext, RpcToolFunction } from './rpc.js';
