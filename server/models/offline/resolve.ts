/**
 * Names to ids: the objects earlier tool results showed (anything with a name and an id-like
 * field), matched against the shopper's words, and the page's search tool for when none match.
 */
import type { ModelMessage, ModelTool } from '../types.js';
import { nameOf, parseJson } from './render.js';
import { ID_PROPERTY, schemaProperties, toolNameWords } from './router.js';
import { isNumberWord } from './tokens.js';
import { isFillerWord, keywords, normalize, splitName, words } from './text.js';

/** Something an earlier result named, with its fields. */
export interface Known {
  name: string;
  fields: Record<string, unknown>;
}

const PRONOUNS = new Set(['it', 'that', 'this', 'one', 'them', 'those']);

function collect(value: unknown, into: Known[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, into);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const fields = value as Record<string, unknown>;
  const name = nameOf(fields as Parameters<typeof nameOf>[0]);
  if (name !== undefined && Object.keys(fields).some((key) => ID_PROPERTY.test(key))) into.push({ name, fields });
  for (const nested of Object.values(fields)) collect(nested, into);
}

/** Named objects from every successful tool result in the history, most recent first. */
export function knownObjects(messages: readonly ModelMessage[]): Known[] {
  const known: Known[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role !== 'tool' || message.isError) continue;
    const found: Known[] = [];
    collect(parseJson(message.content), found);
    known.push(...found);
  }
  return known;
}

/** The user's words that could name a thing: no filler, numbers or the tool's own name words. */
export function subjectWords(text: string, tool?: ModelTool): string[] {
  const nameWords = tool === undefined ? new Set<string>() : toolNameWords(tool);
  return words(text).filter(
    (w) => !isFillerWord(w) && !/^\d/.test(w) && !isNumberWord(w) && !nameWords.has(normalize(w)),
  );
}

/** The value for id property `property` of a known object. */
function idValue(known: Known, property: string): unknown {
  const fields = known.fields;
  if (property in fields) return fields[property];
  if ('id' in fields) return fields['id'];
  return Object.entries(fields).find(([key]) => ID_PROPERTY.test(key))?.[1];
}

/**
 * The id for `property` of the known object the text names best; a pronoun ("add it") means the
 * most recent one. `undefined` when nothing matches.
 */
export function resolveId(text: string, tool: ModelTool, property: string, messages: readonly ModelMessage[]): unknown {
  const known = knownObjects(messages);
  if (known.length === 0) return undefined;
  const subject = subjectWords(text, tool).filter((w) => !PRONOUNS.has(w));
  const wanted = new Set(keywords(subject));
  if (wanted.size === 0) {
    const pronoun = words(text).some((w) => PRONOUNS.has(w));
    return pronoun && known[0] !== undefined ? idValue(known[0], property) : undefined;
  }
  let best: { known: Known; score: number } | undefined;
  for (const candidate of known) {
    const nameWords = new Set(keywords(words(candidate.name)));
    const score = [...wanted].filter((w) => nameWords.has(w)).length;
    if (score > 0 && (best === undefined || score > best.score)) best = { known: candidate, score };
  }
  return best === undefined ? undefined : idValue(best.known, property);
}

/** The page's search tool: named like one ("search", "find", "look up") or taking a query. */
export function findSearchTool(tools: readonly ModelTool[]): ModelTool | undefined {
  const named = tools.find((tool) => toolNameWords(tool).has('search'));
  if (named !== undefined) return named;
  return tools.find((tool) =>
    schemaProperties(tool.parameters).some(([name]) =>
      splitName(name).some((p) => ['query', 'q', 'keywords'].includes(p)),
    ),
  );
}

/** The id properties of a tool's schema. */
export function idProperties(tool: ModelTool): string[] {
  return schemaProperties(tool.parameters)
    .map(([name]) => name)
    .filter((name) => ID_PROPERTY.test(name));
}
