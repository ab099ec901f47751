/**
 * The one interface every model adapter implements. The engine hands an adapter the run's history
 * and the tools (already under their provider-safe names) and consumes a stream of events.
 */

/** A JSON Schema object as sent by the page (`inputSchema`) or a provider. */
export type JsonSchema = Record<string, unknown>;

export interface ModelTool {
  /** Provider-safe name, e.g. `webmcp__search_products`. Tool calls come back under this name. */
  name: string;
  /** Canonical name kept in the store, e.g. `webmcp:search_products`. */
  canonicalName: string;
  /** The bare name the page registered, e.g. `search_products`. */
  bareName: string;
  description: string;
  parameters: JsonSchema;
}

export interface ModelToolCall {
  id: string;
  /** Provider-safe name as in `ModelTool.name`. */
  name: string;
  /** Parsed arguments object. */
  arguments: Record<string, unknown>;
}

export type ModelMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: ModelToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string; isError: boolean };

export interface ModelRequest {
  instructions?: string;
  messages: ModelMessage[];
  tools: ModelTool[];
  signal: AbortSignal;
}

export type ModelStopReason = 'stop' | 'tool_calls' | 'length' | 'error';

export type ModelEvent =
  | { type: 'text-delta'; delta: string }
  | { type: 'reasoning-delta'; delta: string }
  /** A tool call begins; arguments may follow in fragments. */
  | { type: 'tool-call-start'; id: string; name: string }
  | { type: 'tool-call-delta'; id: string; argumentsDelta: string }
  /** A tool call is complete; `arguments` is the whole JSON text. */
  | { type: 'tool-call'; id: string; name: string; arguments: string }
  | { type: 'finish'; reason: ModelStopReason };

export interface ModelInfo {
  /** Stable id, e.g. `offline` or `openai-compatible:qwen3:8b`. */
  id: string;
  /** Human label, shown in /v1/health and in reply metadata. */
  label: string;
  /** True for the embedded deterministic model. */
  offline: boolean;
}

export interface ModelAdapter {
  readonly info: ModelInfo;
  stream(request: ModelRequest): AsyncIterable<ModelEvent>;
}
