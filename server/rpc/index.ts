export { RpcHub, noHandlerOutcome, outcomeOf } from './hub.js';
export type { RpcCallRequest, RpcPeer } from './hub.js';
export { RpcService } from './service.js';
export type { RpcCaller, RpcServiceOptions } from './service.js';
export { attachRpcSocket } from './socket.js';
export type { RpcSocketOptions } from './socket.js';
