export { DEFAULT_TIMEOUT_MS, executeCall } from './execute.js';
export type { ExecuteOptions, ToolCall, ToolRunSettings } from './execute.js';
export { NAVIGATED_TEXT, describeError, errorResult, resultText, toResult } from './result.js';
