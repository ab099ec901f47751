/**
 * Decides what the offline model says next, as plain data: text, tool calls, a wait or an error.
 * Pure — streaming the decision is `stream.ts`'s job.
 */
import type { ModelMessage, ModelRequest, ModelTool } from '../types.js';
import { fillArguments, type MissingArgument } from './arguments.js';
import {
  DIRECTIVE_HELP,
  findTool,
  parseDirective,
  parseToolArguments,
  splitSteps,
  type ToolDirectiveCall,
} from './directives.js';
import { routeTool } from './router.js';
import { displayToolName, summarizeToolResults, trailingToolResults } from './summary.js';

/** A tool call the model will emit; the event carries `tool.name` (the provider name). */
export interface PlannedToolCall {
  tool: ModelTool;
  arguments: Record<string, unknown>;
}

/** The offline model's decision for one step. */
export type OfflineReply =
  | { kind: 'text'; text: string }
  | { kind: 'tool-calls'; calls: PlannedToolCall[] }
  | { kind: 'wait'; ms: number; text: string }
  | { kind: 'error'; message: string };

const INTRO = "I'm the offline model: deterministic code, no AI.";

function firstSentence(description: string): string {
  const sentence = /^[^\n]*?[.!?](?=\s|$)/.exec(description.trim())?.[0] ?? description.trim();
  return sentence.length > 100 ? `${sentence.slice(0, 97)}…` : sentence;
}

/** Says what the model is and lists the available tools (or that there are none). */
export function helpText(tools: readonly ModelTool[], reason = "I couldn't tell which tool you meant."): string {
  if (tools.length === 0) {
    return `${INTRO} No tools are available on this page, so there is nothing I can look up or do here.`;
  }
  const list = tools.map((t) =>
    t.description.trim() === '' ? `- ${t.bareName}` : `- ${t.bareName}: ${firstSentence(t.description)}`,
  );
  return [
    `${INTRO} I match your words to this page's tools. ${reason}`,
    `Available tools:\n${list.join('\n')}`,
    `Mention what you want in the words of one of these tools, or use /tool <name> {json}.`,
  ].join('\n\n');
}

/** Asks for the required arguments that could not be read from the message. */
export function askForArguments(tool: ModelTool, missing: readonly MissingArgument[]): string {
  const line = ({ name, description }: MissingArgument): string =>
    description === undefined ? name : `${name}: ${description}`;
  const [only] = missing;
  if (missing.length === 1 && only !== undefined)
    return `To use ${tool.bareName} I need ${line(only)}. Could you tell me?`;
  return `To use ${tool.bareName} I need:\n${missing.map((m) => `- ${line(m)}`).join('\n')}\nCould you tell me?`;
}

function planToolDirective(calls: readonly ToolDirectiveCall[], tools: readonly ModelTool[]): OfflineReply {
  const unknown = calls.filter((call) => findTool(call.name, tools) === undefined).map((call) => call.name);
  if (unknown.length > 0) {
    const names = unknown.map((name) => `"${name}"`).join(', ');
    const verb = unknown.length === 1 ? 'is' : 'are';
    const available =
      tools.length === 0 ? 'No tools are available.' : `Available tools: ${tools.map((t) => t.bareName).join(', ')}.`;
    return { kind: 'text', text: `The tool ${names} ${verb} not available. ${available}` };
  }
  const planned: PlannedToolCall[] = [];
  for (const call of calls) {
    const tool = findTool(call.name, tools) as ModelTool;
    const parsed = parseToolArguments(call.argumentsText);
    if (!parsed.ok) {
      return { kind: 'text', text: `The arguments for ${tool.bareName} are not valid JSON: ${parsed.error}` };
    }
    planned.push({ tool, arguments: parsed.value });
  }
  return { kind: 'tool-calls', calls: planned };
}

function planUserReply(content: string, tools: readonly ModelTool[]): OfflineReply {
  const directive = parseDirective(content);
  switch (directive?.kind) {
    case 'tool':
      return planToolDirective(directive.calls, tools);
    case 'echo':
      return { kind: 'text', text: directive.text };
    case 'error':
      return { kind: 'error', message: directive.message };
    case 'slow':
      return { kind: 'wait', ms: directive.ms, text: directive.text };
    case 'invalid':
      return { kind: 'text', text: directive.message };
    case undefined:
      break;
  }
  if (content.trim() === '') return { kind: 'text', text: helpText(tools, 'Your message was empty.') };
  const tool = routeTool(content, tools);
  if (tool === undefined) return { kind: 'text', text: helpText(tools) };
  const filled = fillArguments(content, tool);
  if (filled.missing.length > 0) return { kind: 'text', text: askForArguments(tool, filled.missing) };
  return { kind: 'tool-calls', calls: [{ tool, arguments: filled.arguments }] };
}

/** The next `/then` step of the last user message, when its earlier steps have all run. */
function nextScriptedStep(messages: readonly ModelMessage[]): string | undefined {
  let done = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'assistant' && m.toolCalls && m.toolCalls.length > 0) done++;
    if (m.role !== 'user') continue;
    if (!m.content.trimStart().startsWith('/')) return undefined;
    return splitSteps(m.content)[done];
  }
  return undefined;
}

/**
 * Plans the next step from the last message: a user message goes through directives, then the
 * router; tool results (the trailing `tool` messages) are summarised and the turn ends. Results of
 * a `/tool` directive are summarised the same way — the directive is never run twice.
 */
export function planReply(request: Pick<ModelRequest, 'messages' | 'tools'>): OfflineReply {
  const { messages, tools } = request;
  const last: ModelMessage | undefined = messages[messages.length - 1];
  if (last?.role === 'user') return planUserReply(splitSteps(last.content)[0] ?? last.content, tools);
  if (last?.role === 'tool') {
    const next = nextScriptedStep(messages);
    if (next !== undefined) return planUserReply(next, tools);
    const results = trailingToolResults(messages).map((m) => ({
      name: displayToolName(m.name, tools),
      content: m.content,
      isError: m.isError,
    }));
    return { kind: 'text', text: summarizeToolResults(results) };
  }
  return { kind: 'text', text: `${helpText(tools, 'There is no new message to answer.')}\n\n${DIRECTIVE_HELP}` };
}
