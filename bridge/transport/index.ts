export { ChatClient } from './client.js';
export type { ClientOptions } from './client.js';
export { BridgeError, HttpError, isAbortError } from './errors.js';
export { SseParser } from './sse-parser.js';
export type { SseMessage } from './sse-parser.js';
