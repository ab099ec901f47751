/**
 * Fills a tool's arguments from the user's words, guided by the JSON schema `properties`: ids,
 * enum values, numbers (preferring one near the property's name), booleans, quoted text and, for a
 * query-like property, the words left once the tool's own name words and filler are gone.
 */
import type { JsonSchema, ModelTool } from '../types.js';
import { ID_PROPERTY, requiredProperties, schemaProperties, toolNameWords } from './router.js';
import { isFillerWord, keywords, normalize, quotedSpans, splitName } from './text.js';
import { matchCase, patternOf, singular, tokenize, type Token } from './tokens.js';

/** A required property the text did not provide. */
export interface MissingArgument {
  name: string;
  description?: string;
}

/** The arguments found in the text and the required ones that were not. */
export interface FilledArguments {
  arguments: Record<string, unknown>;
  missing: MissingArgument[];
}

type Kind = 'id' | 'enum' | 'number' | 'boolean' | 'query' | 'string';

interface Property {
  name: string;
  schema: JsonSchema;
  kind: Kind;
  /** Normalised words of the property name, e.g. `maxPrice` → max, price. */
  keys: Set<string>;
}

/** What the fillers share: the tokens, which of them are spoken for, and the result so far. */
interface Context {
  tokens: Token[];
  used: Set<number>;
  args: Record<string, unknown>;
}

const QUERY_WORDS = new Set(['query', 'q', 'search', 'text', 'term', 'keyword', 'keywords', 'phrase']);
const NUMBER = /^\d+(?:\.\d+)?$/;
const ID_SHAPE = /^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u;
const NEARBY = 2;

function schemaType(schema: JsonSchema): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  return Array.isArray(type) ? type.find((t): t is string => typeof t === 'string' && t !== 'null') : undefined;
}

function kindOf(name: string, schema: JsonSchema): Kind | undefined {
  const type = schemaType(schema);
  if (Array.isArray(schema['enum'])) return 'enum';
  if (ID_PROPERTY.test(name) && (type === undefined || type === 'string' || type === 'integer')) return 'id';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type !== 'string' && type !== undefined) return undefined;
  return splitName(name).some((part) => QUERY_WORDS.has(part)) ? 'query' : 'string';
}

function fitsNumber(value: number, schema: JsonSchema): boolean {
  const { minimum, maximum } = schema;
  if (schemaType(schema) === 'integer' && !Number.isInteger(value)) return false;
  if (typeof minimum === 'number' && value < minimum) return false;
  return !(typeof maximum === 'number' && value > maximum);
}

function fillId({ tokens, used, args }: Context, { name, schema, keys }: Property): void {
  const integer = schemaType(schema) === 'integer';
  const free = [...tokens.entries()].filter(([i, t]) => !used.has(i) && !t.currency);
  const shaped = integer
    ? []
    : free.filter(([, t]) => ID_SHAPE.test(t.raw) && /[\d-]/.test(t.raw) && !NUMBER.test(t.raw));
  // a bare number only counts as an id right after the id's own name ("product 42", "id 42")
  const numeric = free.filter(
    ([i, t]) => NUMBER.test(t.raw) && (/^\d{6,}$/.test(t.raw) || (tokens[i - 1]?.parts ?? []).some((p) => keys.has(p))),
  );
  const pattern = patternOf(schema);
  const fitting = pattern === undefined ? shaped : free.filter(([, t]) => pattern.test(t.raw));
  const pick = fitting.find(([, t]) => /\d/.test(t.raw)) ?? fitting[0] ?? numeric[0];
  if (pick === undefined) return;
  used.add(pick[0]);
  args[name] = integer ? Number(pick[1].raw) : matchCase(pick[1].raw, schema);
}

/** A string property without quotes: a token fitting its pattern, or (when required) one with digits. */
function fillCodeString({ tokens, used, args }: Context, { name, schema, keys }: Property, required: boolean): void {
  const pattern = patternOf(schema);
  const free = [...tokens.entries()].filter(([i, t]) => !used.has(i) && !t.quoted && !t.currency);
  const pick =
    pattern !== undefined
      ? free.find(([, t]) => pattern.test(t.raw))
      : required
        ? (free.find(([i, t]) => /\d/.test(t.raw) && (tokens[i - 1]?.parts ?? []).some((p) => keys.has(p))) ??
          free.find(([, t]) => /\d.*\d.*\d/.test(t.raw)) ??
          free.find(([, t]) => /\d/.test(t.raw)))
        : undefined;
  if (pick === undefined) return;
  used.add(pick[0]);
  args[name] = matchCase(pick[1].raw, schema);
}

function fillEnum({ tokens, used, args }: Context, { name, schema }: Property): void {
  let best: { value: unknown; hits: number[]; first: number } | undefined;
  for (const value of schema['enum'] as unknown[]) {
    const keys = typeof value === 'string' ? keywords(splitName(value)) : [String(value)];
    const hits = keys.map((k) => tokens.findIndex((t, i) => !used.has(i) && (t.parts.includes(k) || t.raw === k)));
    if (keys.length === 0 || hits.some((i) => i < 0)) continue;
    const first = Math.min(...hits);
    if (best === undefined || first < best.first) best = { value, hits, first };
  }
  if (best === undefined) return;
  for (const i of best.hits) used.add(i);
  args[name] = best.value;
}

function fillNumbers({ tokens, used, args }: Context, properties: Property[], required: Set<string>): void {
  const numbers = [...tokens.keys()].filter((i) => !used.has(i) && NUMBER.test(tokens[i]?.raw ?? ''));
  const around = (i: number): Set<string> => {
    const parts = tokens.slice(Math.max(0, i - NEARBY), i + NEARBY + 1).flatMap((t) => t.parts);
    return new Set(tokens[i]?.currency === true ? [...parts, 'price'] : parts);
  };
  const fill = (property: Property, i: number): void => {
    // a price in dollars for a property counted in cents
    const cents = property.keys.has('cent') && !(tokens[i + 1]?.parts ?? []).includes('cent');
    const value = cents ? Math.round(Number(tokens[i]?.raw) * 100) : Number(tokens[i]?.raw);
    if (property.name in args || used.has(i) || !fitsNumber(value, property.schema)) return;
    args[property.name] = value;
    used.add(i);
  };
  const pairs = properties.flatMap((property) =>
    numbers.map((i) => ({ property, i, score: [...property.keys].filter((k) => around(i).has(k)).length })),
  );
  pairs.sort((a, b) => b.score - a.score);
  for (const { property, i, score } of pairs) if (score > 0) fill(property, i);
  // numbers with no telling neighbour go to the remaining required numeric properties in schema order,
  // or a small whole number to the one optional count ("put 3 of hat-001 in my cart")
  for (const property of properties) if (required.has(property.name)) for (const i of numbers) fill(property, i);
  const [only] = properties;
  const counts = only !== undefined && !only.keys.has('cent') && !only.keys.has('price');
  if (properties.length === 1 && only !== undefined && counts && schemaType(only.schema) === 'integer') {
    for (const i of numbers) if (Number(tokens[i]?.raw) <= 99) fill(only, i);
  }
}

function fillBoolean({ tokens, used, args }: Context, { name, keys }: Property): void {
  const hits = [...tokens.keys()].filter((i) => tokens[i]?.parts.some((p) => keys.has(p)));
  const mentioned = new Set(hits.flatMap((i) => tokens[i]?.parts ?? []));
  if (keys.size === 0 || ![...keys].every((k) => mentioned.has(k))) return;
  for (const i of hits) used.add(i);
  args[name] = true;
}

function fillQuery(context: Context, property: Property, quote: string | undefined, tool: ModelTool): void {
  const { tokens, used, args } = context;
  const nameWords = toolNameWords(tool);
  // "a warm hat for winter": the words after "for" say what it is for, not what it is
  const forAt = tokens.findIndex((t, i) => i > 0 && t.raw.toLowerCase() === 'for');
  const kept =
    forAt > 0 && tokens.slice(0, forAt).some((t, i) => !used.has(i) && !isFillerWord(t.raw)) ? forAt : tokens.length;
  const rest = tokens
    .slice(0, kept)
    .filter((t, i) => !used.has(i) && !t.quoted && !isFillerWord(t.raw) && !nameWords.has(normalize(t.raw)))
    // a leftover small number ("2 white mugs") is a count, not part of what to look for
    .filter((t) => !/^\d{1,2}$/.test(t.raw))
    .map((t) => singular(t.raw))
    .join(' ');
  const value = quote ?? rest;
  const minLength = property.schema['minLength'];
  const otherFilled = Object.keys(args).length > 0;
  // an empty query is fine when other arguments already carry the request ("kitchen under 20")
  if (value !== '' || (otherFilled && !(typeof minLength === 'number' && minLength > 0))) args[property.name] = value;
}

/**
 * Fills what it can of `tool`'s arguments from `text` and lists the required ones still missing.
 *
 * @example fillArguments('find me a mug under 20', searchProducts) // → { query: 'mug', maxPrice: 20 }
 */
export function fillArguments(text: string, tool: ModelTool): FilledArguments {
  const context: Context = { tokens: tokenize(text), used: new Set(), args: {} };
  const properties = schemaProperties(tool.parameters).flatMap(([name, schema]): Property[] => {
    const kind = kindOf(name, schema);
    return kind === undefined ? [] : [{ name, schema, kind, keys: new Set(keywords(splitName(name))) }];
  });
  const ofKind = (kind: Kind): Property[] => properties.filter((p) => p.kind === kind);

  const required = new Set(requiredProperties(tool.parameters));
  for (const property of ofKind('id')) fillId(context, property);
  for (const property of ofKind('string')) if (patternOf(property.schema)) fillCodeString(context, property, true);
  for (const property of ofKind('enum')) fillEnum(context, property);
  for (const property of ofKind('string')) {
    if (required.has(property.name) && quotedSpans(text).length === 0) fillCodeString(context, property, true);
  }
  fillNumbers(context, ofKind('number'), required);
  for (const property of ofKind('boolean')) fillBoolean(context, property);
  const quotes = quotedSpans(text).map((span) => span.text);
  for (const property of ofKind('string')) {
    if (property.name in context.args) continue;
    const quote = quotes.shift();
    if (quote !== undefined) context.args[property.name] = quote;
    else fillCodeString(context, property, required.has(property.name));
  }
  for (const property of ofKind('query')) fillQuery(context, property, quotes.shift(), tool);

  const missing = requiredProperties(tool.parameters)
    .filter((name) => !(name in context.args))
    .map((name): MissingArgument => {
      const description = properties.find((p) => p.name === name)?.schema['description'];
      return typeof description === 'string' && description !== '' ? { name, description } : { name };
    });
  return { arguments: context.args, missing };
}
