/**
 * Summaries of tool results: each result in prose (see `render.ts`), failures in one sentence.
 */
import type { ModelMessage, ModelTool } from '../types.js';
import { describeResult, parseJson, type RenderOptions } from './render.js';

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

/** The currency symbol the page's tools speak of ("US dollars" → `$`), if any. */
export function currencyOf(tools: readonly ModelTool[]): string | undefined {
  const text = tools.map((t) => `${t.description} ${JSON.stringify(t.parameters)}`).join(' ');
  if (/\b(?:us )?dollars?\b|\busd\b|\$/i.test(text)) return '$';
  if (/\beuros?\b|\beur\b|€/i.test(text)) return '€';
  if (/\bpounds?\b|\bgbp\b|£/i.test(text)) return '£';
  return undefined;
}

/**
 * An error result's text is already a whole sentence from whoever ran the tool ("The tool get_cart
 * failed: …", "The user declined to run checkout."); only a bare message gets the tool's name.
 */
function describeFailure(name: string, content: string): string {
  const message = content.trim();
  if (message === '') return `Sorry, ${name} failed without saying why.`;
  const plain = parseJson(message);
  const text = typeof plain === 'string' ? plain : describeResult(message);
  return text.toLowerCase().includes(name.toLowerCase()) ? text : `Sorry, ${name} failed: ${text}`;
}

function summarizeOne({ name, content, isError }: ToolResultView, options: RenderOptions): string {
  if (isError) return describeFailure(name, content);
  if (content.trim() === '') return `Done — ${name} finished.`;
  return describeResult(content, options);
}

/**
 * One paragraph per result, in prose built from the result's data (never its JSON).
 *
 * @example summarizeToolResults([{ name: 'get_cart', content: '{"items":[],"total":0}', isError: false }])
 * // → 'No items; total: 0.00.'
 */
export function summarizeToolResults(results: readonly ToolResultView[], options: RenderOptions = {}): string {
  if (results.length === 0) return 'There is nothing new to report.';
  const failed = results.filter((r) => r.isError).length;
  const paragraphs = results.map((result) => summarizeOne(result, options));
  if (results.length > 1 && failed > 0) {
    paragraphs.push(`${failed} of ${results.length} tool calls failed.`);
  }
  return paragraphs.join('\n\n');
}
