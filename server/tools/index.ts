export { admitTools, validateClientTools } from './admission.js';
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
