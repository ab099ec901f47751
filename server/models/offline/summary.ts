/**
 * Summaries of tool results. Each result's text appears verbatim (names, prices and ids survive
 * untouched); the summary only adds a lead-in per result and says when a tool failed.
 */
import type { ModelMessage, ModelTool } from '../types.js';

/** One tool result as the summary needs it; `name` is what the user should read. */
export interface ToolResultView {
  name: string;
  content: string;
  isError: boolean;
}

type ToolMessage = Extract<ModelMessage, { role: 'tool' }>;

/** The readable name of a tool: its bare name when known, else the name without `webmcp` prefix. */
export function displayToolName(name: string, tools: readonly ModelTool[]): string {
  const tool = tools.find((t) => t.name === name || t.canonicalName === name || t.bareName === name);
  return tool?.bareName ?? name.replace(/^webmcp(?::|__)/, '');
}

/** The run of `tool` messages at the end of the history (one per call of the last step). */
export function trailingToolResults(messages: readonly ModelMessage[]): ToolMessage[] {
  const results: ToolMessage[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role !== 'tool') break;
    results.unshift(message);
  }
  return results;
}

function describeSuccess(content: string): string {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    // not JSON: the text is shown as it is
    return 'returned';
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return 'returned an empty list';
    return `returned ${value.length} ${value.length === 1 ? 'item' : 'items'}`;
  }
  return 'returned';
}

function joinLead(lead: string, body: string): string {
  // short single-line bodies read better inline; longer ones start on their own line
  return body.includes('\n') || body.length > 80 ? `${lead}:\n${body}` : `${lead}: ${body}`;
}

function summarizeOne({ name, content, isError }: ToolResultView): string {
  if (isError) {
    if (content.trim() === '') return `The tool ${name} failed without an error message.`;
    return joinLead(`The tool ${name} failed`, content);
  }
  if (content.trim() === '') return `${name} finished and returned no content.`;
  return joinLead(`${name} ${describeSuccess(content)}`, content);
}

/**
 * One paragraph per result, each containing the result's text verbatim.
 *
 * @example summarizeToolResults([{ name: 'get_cart', content: '[]', isError: false }])
 * // → 'get_cart returned an empty list: []'
 */
export function summarizeToolResults(results: readonly ToolResultView[]): string {
  if (results.length === 0) return 'There are no tool results to summarise.';
  const failed = results.filter((r) => r.isError).length;
  const paragraphs = results.map(summarizeOne);
  if (results.length > 1 && failed > 0) {
    paragraphs.push(`${failed} of ${results.length} tool calls failed.`);
  }
  return paragraphs.join('\n\n');
}
