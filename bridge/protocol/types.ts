/**
 * Wire types inferred from the zod schemas. Browser code imports from here with `import type`,
 * so zod never reaches the widget bundle.
 */
import type { z } from 'zod';
import type {
  chatMessageSchema,
  chatRequestSchema,
  clientToolSchema,
  errorBodySchema,
  initRequestSchema,
  initResponseSchema,
  clientOriginRuleSchema,
  clientWebmcpSettingsSchema,
  resumeRequestSchema,
  streamEventSchema,
  streamRequestSchema,
  toolAnnotationsSchema,
  toolOutputSchema,
} from './schemas.js';

export type ToolAnnotations = z.infer<typeof toolAnnotationsSchema>;
export type ClientTool = z.infer<typeof clientToolSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type InitRequest = z.infer<typeof initRequestSchema>;
export type InitResponse = z.infer<typeof initResponseSchema>;
export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ResumeRequest = z.infer<typeof resumeRequestSchema>;
export type ToolOutput = z.infer<typeof toolOutputSchema>;
/** A rule; `toolsPattern` is present when the server compiled the globs for the browser. */
export type OriginRule = z.infer<typeof clientOriginRuleSchema>;
export type WebmcpSettings = z.infer<typeof clientWebmcpSettingsSchema>;
export type ErrorBody = z.infer<typeof errorBodySchema>;
export type StreamEvent = z.infer<typeof streamEventSchema>;
export type StreamRequest = z.infer<typeof streamRequestSchema>;
export type StreamEventType = StreamEvent['type'];
/** The stream event of one type, e.g. `StreamEventOf<'await'>`. */
export type StreamEventOf<T extends StreamEventType> = Extract<StreamEvent, { type: T }>;

/** An MCP tool result, what the bridge sends back for every call. */
export interface McpToolResult {
  content: Array<{ type: 'text'; text: string }>;
  isError?: boolean;
}

/** A tool call's outcome as the model reads it: the text and whether it is an error. */
export interface ToolOutcome {
  text: string;
  isError: boolean;
}
