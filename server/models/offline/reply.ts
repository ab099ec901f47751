/**
 * Decides what the offline model says next, as plain data: text, tool calls, a wait or an error.
 * Pure — streaming the decision is `stream.ts`'s job.
 */
import type { ModelMessage, ModelRequest, ModelTool } from '../types.js';
import type { MissingArgument } from './arguments.js';
import { singular } from './tokens.js';
import {
  DIRECTIVE_HELP,
  findTool,
  isDirective,
  parseDirective,
  parseToolArguments,
  splitSteps,
  type ToolDirectiveCall,
} from './directives.js';
import { highlightCall, highlightReply } from './highlight.js';
import { humanKey } from './render.js';
import { subjectWords } from './resolve.js';
import { currencyOf, displayToolName, summarizeToolResults, trailingToolResults } from './summary.js';
import { words } from './text.js';
import { nextStep, requestedOrder, understand } from './understand.js';

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

const INTRO = "I'm this page's offline assistant (simple rules, no AI)";

/** A short "what I can do" line for a tool: its description's first clause, spoken to the shopper. */
export function capability(tool: ModelTool): string {
  const clause = tool.description
    .trim()
    .split(/[.:;(]|,\s|\s(?:by|with|and show)\s/)[0]
    ?.trim()
    .replace(/\bthe (?:shopper|user|customer|visitor)['’]s\b/gi, 'your');
  const text = clause !== undefined && clause !== '' ? clause : tool.bareName.replace(/_/g, ' ');
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** One friendly sentence and at most three things this page's tools can do. */
export function helpText(tools: readonly ModelTool[], reason = "and I didn't catch what you'd like me to do."): string {
  if (tools.length === 0) {
    return `${INTRO}. No tools are available on this page, so there is nothing I can look up or do here.`;
  }
  const list = tools.slice(0, 3).map((t) => `- ${capability(t)}`);
  return `${INTRO}, ${reason} I can, for example:\n${list.join('\n')}`;
}

/** Asks for the required arguments that could not be read from the message. */
export function askForArguments(tool: ModelTool, missing: readonly MissingArgument[]): string {
  const line = ({ name, description }: MissingArgument): string =>
    description === undefined ? humanKey(name) : `${humanKey(name)} (${description.replace(/\.$/, '')})`;
  const what = tool.bareName
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `To ${what} I need the ${missing.map(line).join(' and the ')}. Could you tell me?`;
}

const GREETING = new Set(['hi', 'hello', 'hey', 'hiya', 'howdy', 'morning', 'evening', 'afternoon', 'good', 'there']);
const THANKS = new Set([
  'thanks',
  'thank',
  'thx',
  'cheers',
  'great',
  'perfect',
  'ok',
  'okay',
  'cool',
  'you',
  'bye',
  'goodbye',
  'much',
  'so',
  'a',
  'lot',
]);

function smallTalk(content: string, tools: readonly ModelTool[]): string | undefined {
  const said = words(content);
  if (said.length === 0 || said.length > 6) return undefined;
  if (said.every((w) => THANKS.has(w)) && said.some((w) => w.startsWith('thank') || w === 'thx' || w === 'cheers'))
    return "You're welcome! Anything else I can look up for you?";
  if (said.every((w) => GREETING.has(w))) return `Hello! ${helpText(tools, 'here to help.')}`;
  return undefined;
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

function planUserReply(content: string, tools: readonly ModelTool[], messages: readonly ModelMessage[]): OfflineReply {
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
  if (content.trim() === '') return { kind: 'text', text: helpText(tools, 'and your message was empty.') };
  const highlight = highlightCall(content, tools);
  if (highlight) return { kind: 'tool-calls', calls: [highlight] };
  const chat = smallTalk(content, tools);
  if (chat !== undefined) return { kind: 'text', text: chat };
  const intent = understand(content, tools, messages);
  if (intent.kind === 'none') return { kind: 'text', text: helpText(tools) };
  if (intent.kind === 'ask') return { kind: 'text', text: askForArguments(intent.tool, intent.missing) };
  return { kind: 'tool-calls', calls: intent.calls };
}

function lastUserText(messages: readonly ModelMessage[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === 'user') return m.content;
  }
  return undefined;
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
  if (last?.role === 'user') return planUserReply(splitSteps(last.content)[0] ?? last.content, tools, messages);
  if (last?.role === 'tool') {
    const next = nextScriptedStep(messages);
    if (next !== undefined) return planUserReply(next, tools, messages);
    const highlighted = highlightReply(messages, tools);
    if (highlighted !== undefined) return { kind: 'text', text: highlighted };
    const question = lastUserText(messages);
    const trailing = trailingToolResults(messages);
    if (question !== undefined && !isDirective(question) && trailing.every((m) => !m.isError)) {
      const step = nextStep(question, tools, messages);
      if (step?.kind === 'calls') return { kind: 'tool-calls', calls: step.calls };
    }
    const results = trailing.map((m) => ({
      name: displayToolName(m.name, tools),
      content: m.content,
      isError: m.isError,
    }));
    const options = {
      currency: currencyOf(tools),
      order: question === undefined ? undefined : requestedOrder(question),
      subject: question === undefined ? undefined : subjectWords(question).map(singular),
    };
    return { kind: 'text', text: summarizeToolResults(results, options) };
  }
  return { kind: 'text', text: `${helpText(tools, 'There is no new message to answer.')}\n\n${DIRECTIVE_HELP}` };
}
