export { DEFAULT_TIMEOUT_MS, executeCall } from './execute.js';
export type { ConsentDecision, ExecuteOptions, ToolCall } from './execute.js';
export { NAVIGATED_TEXT, describeError, errorResult, resultText, toResult } from './result.js';
