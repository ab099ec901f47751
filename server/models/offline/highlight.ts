/**
 * "Show me the speckled mug" / "highlight the teapot": when the page's assistant is offered a
 * `highlight_product` tool (the demo's `client_event` tool), these words call it with the product
 * named, instead of searching. Anything that names another tool ("show me my cart") or asks a
 * shopping question ("show me the cheapest candle", "show me mugs under 20") is left to the router.
 */
import type { ModelMessage, ModelTool } from '../types.js';
import { requiredProperties, scoreTools, schemaProperties } from './router.js';

const HIGHLIGHT_TOOL = 'highlight_product';
const ALWAYS = /^\s*(?:please\s+)?(?:highlight|outline)\s+(?:the\s+|that\s+|this\s+)?(.+?)[\s.!?]*$/i;
const NAMED = /^\s*(?:please\s+)?(?:show\s+me|point\s+me\s+to|scroll\s+to)\s+the\s+(.+?)[\s.!?]*$/i;
// Words of a question for the catalogue rather than a product to point at.
const SEARCHY =
  /\b(?:cheap\w*|expensive|best|under|below|over|less|more|any|all|some|every\w*|stuff|things|options|results|price\w*|\d+)\b|\$/i;

/** The `highlight_product` call these words ask for, or `undefined`. */
export function highlightCall(
  content: string,
  tools: readonly ModelTool[],
): { tool: ModelTool; arguments: Record<string, unknown> } | undefined {
  const tool = tools.find((t) => t.bareName === HIGHLIGHT_TOOL);
  if (!tool) return undefined;
  const always = ALWAYS.exec(content);
  const named = always ? undefined : NAMED.exec(content);
  const subject = (always ?? named)?.[1]?.trim();
  if (!subject) return undefined;
  if (named) {
    if (SEARCHY.test(subject) || subject.split(/\s+/).length > 5) return undefined;
    const others = tools.filter((t) => t !== tool);
    if (scoreTools(subject, others)[0]?.nameMatches.length) return undefined;
  }
  const properties = schemaProperties(tool.parameters).filter(([, schema]) => schema['type'] === 'string');
  const required = requiredProperties(tool.parameters);
  const property = (properties.find(([name]) => required.includes(name)) ?? properties[0])?.[0];
  return property ? { tool, arguments: { [property]: subject } } : undefined;
}

/**
 * The answer after the step's only calls were highlights that went out: one line naming what was
 * pointed at (a client event's "delivered" result holds nothing to summarize, and nothing to chain).
 */
export function highlightReply(messages: readonly ModelMessage[], tools: readonly ModelTool[]): string | undefined {
  const last = messages.findLast((m) => m.role === 'assistant');
  const calls = last?.role === 'assistant' ? (last.toolCalls ?? []) : [];
  const highlight = tools.find((t) => t.bareName === HIGHLIGHT_TOOL);
  if (!highlight || calls.length === 0 || calls.some((c) => c.name !== highlight.name)) return undefined;
  const results = messages.slice(messages.indexOf(last!) + 1);
  if (results.some((m) => m.role === 'tool' && m.isError)) return undefined;
  const named = calls.map((c) => Object.values(c.arguments).find((v) => typeof v === 'string')).filter(Boolean);
  return `Here it is: I've highlighted ${named.map((n) => `“${String(n)}”`).join(' and ') || 'it'} on the page.`;
}
