/**
 * The offline model: the embedded, deterministic default model (no AI). Anything not listed here is
 * private to this folder.
 */
export { createOfflineModel, OFFLINE_MODEL_INFO } from './model.js';
export type { OfflineModelOptions } from './model.js';
export { planReply, helpText, askForArguments } from './reply.js';
export type { OfflineReply, PlannedToolCall } from './reply.js';
export {
  parseDirective,
  parseToolArguments,
  findTool,
  isDirective,
  DIRECTIVE_HELP,
  MAX_SLOW_MS,
} from './directives.js';
export type { Directive, ToolDirectiveCall } from './directives.js';
export { routeTool, scoreTools, ROUTE_THRESHOLD } from './router.js';
export type { ToolScore } from './router.js';
export { fillArguments } from './arguments.js';
export type { FilledArguments, MissingArgument } from './arguments.js';
export { summarizeToolResults, displayToolName } from './summary.js';
export type { ToolResultView } from './summary.js';
export { splitWords, splitArguments, toolCallId } from './stream.js';
