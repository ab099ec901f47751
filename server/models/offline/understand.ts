/**
 * Plain-language turns: picks the tool (or two, in parallel), fills its arguments, resolves names
 * to ids through earlier results or a search first, and after the results decides whether to take
 * the next step of the chain or to answer.
 */
import type { ModelMessage, ModelTool } from '../types.js';
import { fillArguments, type MissingArgument } from './arguments.js';
import { ROUTE_THRESHOLD, requiredProperties, scoreTools, toolNameWords, type ToolScore } from './router.js';
import { findSearchTool, idProperties, resolveId, subjectWords } from './resolve.js';
import { keywords, normalize, words } from './text.js';

/** A planned call or the reason none can be made. */
export type Intent =
  | { kind: 'calls'; calls: { tool: ModelTool; arguments: Record<string, unknown> }[] }
  | { kind: 'ask'; tool: ModelTool; missing: MissingArgument[] }
  | { kind: 'none' };

// words that mean "look in your catalogue" when no tool is named
const SHOPPING_CUES = new Set([
  'have',
  'sell',
  'carry',
  'stock',
  'got',
  'any',
  'need',
  'want',
  'looking',
  'recommend',
  'suggest',
  'gift',
  'show',
  'buy',
  'cheapest',
  'cheap',
  'expensive',
  'under',
  'below',
  'less',
  'find',
  'search',
  'browse',
  'something',
  'cost',
  'costs',
  'price',
  'much',
  'compare',
  'like',
  'everything',
]);

function turnStart(messages: readonly ModelMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === 'user') return i;
  return 0;
}

/** Removes the words of `tool`'s name from `text`, so a search for "add the blue mug" looks for "blue mug". */
function withoutToolWords(text: string, tool: ModelTool): string {
  const vocabulary = new Set(keywords(words(tool.description)));
  return subjectWords(text, tool)
    .filter((w) => !vocabulary.has(normalize(w)))
    .join(' ');
}

function fill(
  text: string,
  tool: ModelTool,
  messages: readonly ModelMessage[],
): { arguments: Record<string, unknown>; missing: MissingArgument[] } {
  const filled = fillArguments(text, tool);
  for (const property of idProperties(tool)) {
    if (property in filled.arguments) continue;
    const id = resolveId(text, tool, property, messages);
    if (id !== undefined) filled.arguments[property] = id;
  }
  const missing = filled.missing.filter((m) => !(m.name in filled.arguments));
  return { arguments: filled.arguments, missing };
}

/** A second tool named by other words of the message ("shipping … for my cart"), when it needs nothing more. */
function companion(
  best: ToolScore,
  taken: Record<string, unknown>,
  scores: ToolScore[],
  text: string,
  messages: readonly ModelMessage[],
) {
  for (const other of scores.slice(1)) {
    // a search is a request of its own, never a side call
    if (
      other.score < ROUTE_THRESHOLD ||
      other.nameMatches.length === 0 ||
      other.tool === findSearchTool(scores.map((s) => s.tool))
    )
      continue;
    const fresh = other.nameMatches.filter((w) => !best.nameMatches.includes(w) && !['get', 'search'].includes(w));
    if (fresh.length === 0) continue;
    const filled = fill(text, other.tool, messages);
    // each word of the message feeds one call: a side call may not reuse the main call's values
    const values = new Set(Object.values(taken).map((v) => String(v).toLowerCase()));
    const reused = Object.values(filled.arguments).some((v) => values.has(String(v).toLowerCase()));
    if (filled.missing.length === 0 && !reused) return { tool: other.tool, arguments: filled.arguments };
  }
  return undefined;
}

function pickTool(text: string, tools: readonly ModelTool[]): { best?: ToolScore | undefined; scores: ToolScore[] } {
  const scores = scoreTools(text, tools);
  // a tool whose schema takes what the message holds ("under 15" → maxPrice) wins a tie
  const filledBy = (score: ToolScore): number =>
    Object.entries(fillArguments(text, score.tool).arguments).filter(([, v]) => typeof v !== 'string').length;
  const top = scores[0]?.score ?? 0;
  const tied = scores.filter((s) => s.score === top);
  if (tied.length > 1) {
    const ranked = [...tied].sort((a, b) => filledBy(b) - filledBy(a));
    if (ranked[0] !== undefined && filledBy(ranked[0]) > filledBy(tied[0] as ToolScore)) {
      scores.splice(scores.indexOf(ranked[0]), 1);
      scores.unshift(ranked[0]);
    }
  }
  // on a tie, words naming a thing ("reserve the hobbit") favour the tool that acts on one
  const [first, second] = scores;
  if (first !== undefined && second?.score === first.score && second.nameCoverage === first.nameCoverage) {
    const vocabulary = new Set(tools.flatMap((t) => [...toolNameWords(t)]));
    const subject = subjectWords(text).filter((w) => !vocabulary.has(normalize(w)));
    const leading = [...toolNameWords(second.tool)][0];
    const acts = leading !== undefined && second.nameMatches.includes(leading);
    if (acts && subject.length > 0 && idProperties(second.tool).length > 0 && idProperties(first.tool).length === 0) {
      scores[0] = second;
      scores[1] = first;
    }
  }
  const best = scores[0];
  if (best !== undefined && best.score >= ROUTE_THRESHOLD) return { best, scores };
  const search = findSearchTool(tools);
  const cued = words(text).some((w) => SHOPPING_CUES.has(w));
  if (search === undefined || !cued || subjectWords(text, search).length === 0) return { scores };
  const fallback = scores.find((s) => s.tool === search);
  return { best: fallback, scores };
}

/**
 * What to do for the user's `text` given the history: call a tool (with a companion call in the
 * same step), search first for a name that has no id yet, ask for what is missing, or nothing.
 */
export function understand(text: string, tools: readonly ModelTool[], messages: readonly ModelMessage[]): Intent {
  const { best, scores } = pickTool(text, tools);
  if (best === undefined) return { kind: 'none' };
  const filled = fill(text, best.tool, messages);
  const missingIds = filled.missing.filter((m) => idProperties(best.tool).includes(m.name));
  const search = findSearchTool(tools);
  if (missingIds.length > 0 && search !== undefined && search !== best.tool) {
    const query = withoutToolWords(text, best.tool);
    const lookup = fillArguments(query, search);
    if (query !== '' && lookup.missing.length === 0) {
      return { kind: 'calls', calls: [{ tool: search, arguments: lookup.arguments }] };
    }
  }
  if (filled.missing.length > 0) return { kind: 'ask', tool: best.tool, missing: filled.missing };
  const calls = [{ tool: best.tool, arguments: filled.arguments }];
  const second = companion(best, filled.arguments, scores, text, messages);
  if (second !== undefined) calls.push(second);
  return { kind: 'calls', calls };
}

/** The tools called since the user's last message, by provider name. */
export function calledThisTurn(messages: readonly ModelMessage[]): string[] {
  return messages
    .slice(turnStart(messages))
    .flatMap((m) => (m.role === 'assistant' ? (m.toolCalls ?? []).map((c) => c.name) : []));
}

/**
 * After results of a plain-language turn: the next call of the chain (the tool the search was for,
 * or a broader search after an empty one), or `undefined` to answer.
 */
export function nextStep(
  text: string,
  tools: readonly ModelTool[],
  messages: readonly ModelMessage[],
): Intent | undefined {
  const called = calledThisTurn(messages);
  if (called.length >= 3) return undefined;
  const intent = understand(text, tools, messages);
  if (intent.kind !== 'calls') return undefined;
  const fresh = intent.calls.filter((call) => !called.includes(call.tool.name));
  if (fresh.length > 0 && fresh.length === intent.calls.length) return { kind: 'calls', calls: fresh };
  const search = findSearchTool(tools);
  const last = messages[messages.length - 1];
  if (search === undefined || called.length !== 1 || called[0] !== search.name || last?.role !== 'tool')
    return undefined;
  // an empty search for "warm hat" tries again with its last word, usually the thing itself
  if (!looksEmpty(last.content)) return undefined;
  const previous = intent.calls[0]?.arguments ?? {};
  const query = Object.entries(previous).find(([, v]) => typeof v === 'string' && v.includes(' '));
  if (query === undefined) return undefined;
  const head = (query[1] as string).split(' ').at(-1) as string;
  return { kind: 'calls', calls: [{ tool: search, arguments: { ...previous, [query[0]]: head } }] };
}

function looksEmpty(content: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return false;
  }
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value !== 'object' || value === null) return false;
  const lists = Object.values(value).filter(Array.isArray);
  return lists.length > 0 && lists.every((list) => list.length === 0);
}

/** `asc` for "cheapest", `desc` for "most expensive", else `undefined`. */
export function requestedOrder(text: string): 'asc' | 'desc' | undefined {
  const said = words(text);
  if (said.some((w) => ['cheapest', 'lowest', 'least'].includes(w))) return 'asc';
  if (said.some((w) => ['priciest', 'dearest', 'expensive', 'highest'].includes(w))) return 'desc';
  return undefined;
}

/** True when the tool takes no required arguments. */
export function needsNothing(tool: ModelTool): boolean {
  return requiredProperties(tool.parameters).length === 0;
}
