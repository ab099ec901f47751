import type { ToolOutcome } from '../protocol/index.js';

/** A tool's successful outcome with `text`. Not a test file. */
export const ok = (text: string): ToolOutcome => ({ text, isError: false });

/** A tool's own error outcome (its MCP result said `isError`) with `text`. */
export const failed = (text: string): ToolOutcome => ({ text, isError: true });
