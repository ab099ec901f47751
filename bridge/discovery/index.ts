export { ContextBackend } from './context-backend.js';
export type { ContextBackendOptions } from './context-backend.js';
export { detectBackend } from './detect.js';
export { wantedEncoding } from './input-encoding.js';
export type { InputEncoding } from './input-encoding.js';
export { LegacyContextBackend } from './legacy-context.js';
export type { LegacyModelContextLike } from './legacy-context.js';
export { TestingBackend } from './legacy-testing.js';
export type { ModelContextTestingLike } from './legacy-testing.js';
export { BuiltinModelContext, installPolyfill, isBuiltinContext } from './polyfill.js';
export { ToolErrorCapture } from './tool-errors.js';
export type { ErrorCapture } from './tool-errors.js';
export { prepareWebmcp } from './prepare.js';
export type {
  BackendKind,
  ModelContextLike,
  PageTool,
  PageToolDefinition,
  RegisteredToolLike,
  WebmcpBackend,
} from './types.js';
