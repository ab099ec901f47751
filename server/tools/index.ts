export { admitTools, toolArraysSerialized, validateClientTools } from './admission.js';
export type { AdmissionResult } from './admission.js';
export {
  TOOL_NAMESPACES,
  ToolNameMap,
  WEBMCP_PREFIX,
  bareNameOf,
  canonicalName,
  namespaceOf,
  providerNameOf,
} from './names.js';
export type { ServerToolKind, ToolNamespace } from './names.js';
export { resolveClientTools } from './toolset.js';
export { buildServerTools, toolSecretProblems } from './server-tools.js';
export type { ServerToolDeps } from './server-tools.js';
export { runServerCall } from './executor.js';
export type { ServerCallResult, ServerTool, ServerToolCall, ToolContext, ToolExecutor } from './executor.js';
export { SHADOWS_SERVER_TOOL, runToolset, withoutShadowing } from './run-toolset.js';
export type { RunToolset } from './run-toolset.js';
export { Secret, redact } from './secret.js';
export { serverToolSchema, toolSecretsSchema, DEFAULT_TOOL_TIMEOUT_SECONDS } from './config.js';
export type { ServerToolConfig } from './config.js';
