export { ContextBackend } from './context-backend.js';
export { detectBackend } from './detect.js';
export { BuiltinModelContext, installPolyfill, isBuiltinContext } from './polyfill.js';
export type {
  BackendKind,
  ModelContextLike,
  PageTool,
  PageToolDefinition,
  RegisteredToolLike,
  WebmcpBackend,
} from './types.js';
