/**
 * Maps the engine's {@link ModelRequest} to the AI SDK's provider-neutral V3 prompt and tools.
 * The provider packages turn these into their wire formats (Chat Completions `messages`,
 * Anthropic `system` + `messages`), so the mapping is written once for every provider.
 */
import type {
  JSONObject,
  LanguageModelV3FunctionTool,
  LanguageModelV3Message,
  LanguageModelV3Prompt,
  LanguageModelV3ToolCallPart,
  LanguageModelV3ToolResultPart,
} from '@ai-sdk/provider';
import type { ModelMessage, ModelRequest, ModelTool } from '../types.js';

type ToolMessage = Extract<ModelMessage, { role: 'tool' }>;

function toolResult(message: ToolMessage): LanguageModelV3ToolResultPart {
  return {
    type: 'tool-result',
    toolCallId: message.toolCallId,
    toolName: message.name,
    // `error-text` is the V3 error form: Anthropic sends it as `is_error: true`; Chat Completions has
    // no error flag, so the text goes as it is (the page's error texts say what went wrong).
    output: message.isError ? { type: 'error-text', value: message.content } : { type: 'text', value: message.content },
  };
}

function assistant(message: Extract<ModelMessage, { role: 'assistant' }>): LanguageModelV3Message | undefined {
  const calls: LanguageModelV3ToolCallPart[] = (message.toolCalls ?? []).map((call) => ({
    type: 'tool-call',
    toolCallId: call.id,
    toolName: call.name,
    input: call.arguments,
  }));
  const text = message.content ?? '';
  // An empty assistant turn (no text, no calls) is dropped: Anthropic refuses empty text blocks.
  if (text === '' && calls.length === 0) return undefined;
  return { role: 'assistant', content: [...(text === '' ? [] : [{ type: 'text' as const, text }]), ...calls] };
}

/**
 * The V3 prompt for a request: the agent's instructions as the system message, then the history.
 * Consecutive `tool` messages become one tool message (one result part per call), keeping ids.
 */
export function toPrompt(request: Pick<ModelRequest, 'instructions' | 'messages'>): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = [];
  if (request.instructions?.trim()) prompt.push({ role: 'system', content: request.instructions });
  for (const message of request.messages) {
    if (message.role === 'user') {
      prompt.push({ role: 'user', content: [{ type: 'text', text: message.content }] });
    } else if (message.role === 'assistant') {
      const mapped = assistant(message);
      if (mapped) prompt.push(mapped);
    } else {
      const last = prompt.at(-1);
      if (last?.role === 'tool') last.content.push(toolResult(message));
      else prompt.push({ role: 'tool', content: [toolResult(message)] });
    }
  }
  return prompt;
}

/** The V3 function tools, under the provider-safe names the engine chose. */
export function toTools(tools: readonly ModelTool[]): LanguageModelV3FunctionTool[] {
  return tools.map((tool) => ({
    type: 'function',
    name: tool.name,
    description: tool.description,
    inputSchema: objectSchema(tool.parameters),
  }));
}

/** Providers want an object schema for tool input; a page tool without one takes no arguments. */
function objectSchema(schema: Record<string, unknown>): LanguageModelV3FunctionTool['inputSchema'] {
  if (schema.type === 'object') return schema as JSONObject;
  if (Object.keys(schema).length === 0) return { type: 'object', properties: {} };
  return { ...schema, type: 'object' } as JSONObject;
}

/**
 * Stand-in definitions for tools named in the history when a request carries no tools (the
 * engine's final step). Anthropic refuses `tool_use` blocks in a request that defines no tools;
 * with these and `toolChoice: none` the model still reads the history but cannot call anything.
 */
export function historyToolStubs(messages: readonly ModelMessage[]): LanguageModelV3FunctionTool[] {
  const names = new Set<string>();
  for (const message of messages) {
    if (message.role === 'assistant') for (const call of message.toolCalls ?? []) names.add(call.name);
  }
  return [...names].map((name) => ({
    type: 'function',
    name,
    description: 'No longer available in this step.',
    inputSchema: { type: 'object', properties: {} },
  }));
}
