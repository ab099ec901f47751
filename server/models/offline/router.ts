/**
 * The heuristic router: scores every tool by how many of the user's words appear in its name,
 * description, property names and enum values, and picks the best one above a threshold.
 */
import type { JsonSchema, ModelTool } from '../types.js';
import { keywords, splitName, words } from './text.js';

/** A single name word is enough to pick a tool; description words alone need two. */
export const ROUTE_THRESHOLD = 2;

const WEIGHT = { name: 3, enumValue: 2, property: 1, description: 1, idMention: 2 } as const;

/** Property names that hold an identifier a search result can supply. */
export const ID_PROPERTY = /(?:id|Id|ID|sku|Sku|SKU|isbn|Isbn|ISBN)$/;
const ID_TOKEN = /(?:^|\s)(?:[\p{L}][\p{L}\p{N}_]*-?\p{N}[\p{L}\p{N}_-]*|\p{N}{6,})(?=[\s.,;!?]|$)/u;

/** How well one tool matches the user's words. */
export interface ToolScore {
  tool: ModelTool;
  score: number;
  /** Share of the tool's name words the user mentioned (0–1); breaks ties. */
  nameCoverage: number;
  /** Normalised user words that matched the tool's name. */
  nameMatches: string[];
}

/** Reads `properties` of an object schema; anything else yields no properties. */
export function schemaProperties(schema: JsonSchema): [string, JsonSchema][] {
  const properties = schema['properties'];
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return [];
  return Object.entries(properties as Record<string, unknown>).filter(
    (entry): entry is [string, JsonSchema] => typeof entry[1] === 'object' && entry[1] !== null,
  );
}

/** Names listed in `required` of an object schema. */
export function requiredProperties(schema: JsonSchema): string[] {
  const required = schema['required'];
  return Array.isArray(required) ? required.filter((name): name is string => typeof name === 'string') : [];
}

/** The normalized words of a tool's bare name, e.g. `add_to_cart` → `["add", "cart"]`. */
export function toolNameWords(tool: ModelTool): Set<string> {
  return new Set(keywords(splitName(tool.bareName)));
}

function vocabulary(tool: ModelTool): Map<string, number> {
  const weights = new Map<string, number>();
  const add = (list: string[], weight: number): void => {
    for (const word of list) weights.set(word, Math.max(weights.get(word) ?? 0, weight));
  };
  add([...toolNameWords(tool)], WEIGHT.name);
  add(keywords(words(tool.description)), WEIGHT.description);
  for (const [name, schema] of schemaProperties(tool.parameters)) {
    add(keywords(splitName(name)), WEIGHT.property);
    const values = Array.isArray(schema['enum']) ? schema['enum'] : [];
    for (const value of values) if (typeof value === 'string') add(keywords(splitName(value)), WEIGHT.enumValue);
  }
  return weights;
}

/** Scores every tool against the user's text, best first (ties: name coverage, fewer required). */
export function scoreTools(text: string, tools: readonly ModelTool[]): ToolScore[] {
  const said = words(text);
  // "check out", "wish list": two words may spell one name word
  const joined = said.slice(1).map((word, i) => `${said[i] ?? ''}${word}`);
  const userWords = new Set(keywords([...said, ...joined]));
  const mentionsId = ID_TOKEN.test(text);
  const scored = tools.map((tool, index) => {
    const weights = vocabulary(tool);
    const nameWords = toolNameWords(tool);
    // "tell me about mug-001": an id-shaped word points at the tools that take an id
    const takesId = schemaProperties(tool.parameters).some(([name]) => ID_PROPERTY.test(name));
    let score = mentionsId && takesId ? WEIGHT.idMention : 0;
    for (const word of userWords) score += weights.get(word) ?? 0;
    const nameMatches = [...nameWords].filter((word) => userWords.has(word));
    const nameCoverage = nameWords.size === 0 ? 0 : nameMatches.length / nameWords.size;
    return { tool, score, nameCoverage, nameMatches, index };
  });
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      b.nameCoverage - a.nameCoverage ||
      requiredProperties(a.tool.parameters).length - requiredProperties(b.tool.parameters).length ||
      a.index - b.index,
  );
  return scored.map(({ tool, score, nameCoverage, nameMatches }) => ({ tool, score, nameCoverage, nameMatches }));
}

/** The best matching tool when its score clears {@link ROUTE_THRESHOLD}, else `undefined`. */
export function routeTool(text: string, tools: readonly ModelTool[]): ModelTool | undefined {
  const best = scoreTools(text, tools)[0];
  return best !== undefined && best.score >= ROUTE_THRESHOLD ? best.tool : undefined;
}
