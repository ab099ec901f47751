/**
 * The user's message as tokens for the argument filler (number words read as digits, quoted spans
 * marked), plus the small string helpers it needs: singular nouns and schema patterns.
 */
import type { JsonSchema } from '../types.js';
import { keywords, quotedSpans, words } from './text.js';

/** One word of the message as the filler sees it. */
export interface Token {
  raw: string;
  /** Normalised words inside the token. */
  parts: string[];
  quoted: boolean;
  currency: boolean;
}

const NUMBER_WORDS: Record<string, string> = {
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  couple: '2',
  pair: '2',
  dozen: '12',
};

/** True for a number spelled out ("two", "dozen"). */
export function isNumberWord(word: string): boolean {
  return word.toLowerCase() in NUMBER_WORDS;
}

/** Splits the message into tokens, stripping punctuation around each word. */
export function tokenize(text: string): Token[] {
  const spans = quotedSpans(text);
  return [...text.matchAll(/\S+/g)].flatMap((match) => {
    const trimmed = match[0].replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    const raw = NUMBER_WORDS[trimmed.toLowerCase()] ?? trimmed;
    if (raw === '') return [];
    const quoted = spans.some((span) => match.index >= span.start && match.index < span.end);
    return [{ raw, parts: keywords(words(raw)), quoted, currency: /[$€£]/.test(match[0]) }];
  });
}

/** The schema's `pattern`, matched case-insensitively ("a-1001" is meant as "A-1001"). */
export function patternOf(schema: JsonSchema): RegExp | undefined {
  const pattern = schema['pattern'];
  if (typeof pattern !== 'string') return undefined;
  try {
    return new RegExp(pattern, 'iu');
  } catch {
    return undefined;
  }
}

/** Upper-cases a value when only the upper-case spelling satisfies the schema's pattern. */
export function matchCase(value: string, schema: JsonSchema): string {
  const pattern = schema['pattern'];
  if (typeof pattern !== 'string') return value;
  try {
    const exact = new RegExp(pattern, 'u');
    return !exact.test(value) && exact.test(value.toUpperCase()) ? value.toUpperCase() : value;
  } catch {
    return value;
  }
}

/** "mugs" → "mug", "candies" → "candy": search boxes match singulars more often than plurals. */
export function singular(word: string): string {
  if (!/^[a-z]+$/.test(word)) return word;
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:ches|shes|xes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}
