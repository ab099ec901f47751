/**
 * Word handling shared by the router and the argument filler: tokenising, crude stemming, a small
 * synonym table, stop words and quoted spans. Everything compares *normalized* words, so "find",
 * "finding" and "search" meet at one key.
 */
import { FILLER_WORDS, STOP_WORDS, SYNONYM_GROUPS } from './vocabulary.js';

/**
 * Crude stemming: strips a trailing "ing", "es" or "s" and collapses a final double letter, so
 * that "mugs"/"mug", "boxes"/"box" and "shopping"/"shop" agree. Numbers are returned unchanged.
 */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (/^\d/.test(w)) return w;
  if (w.length > 7 && /ations?$/.test(w)) w = w.replace(/ations?$/, '');
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 5 && w.endsWith('ed') && !w.endsWith('eed')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:s|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  // collapsing every final double letter keeps "add" and "adding" (→ "add") on one key
  if (/([a-z])\1$/.test(w)) w = w.slice(0, -1);
  // "reserve" and "reserved" meet at "reserv"
  if (w.length > 4 && w.endsWith('e') && !w.endsWith('ee')) w = w.slice(0, -1);
  return w;
}

const SYNONYMS = new Map<string, string>();
for (const [canonical, words] of Object.entries(SYNONYM_GROUPS)) {
  for (const word of words) SYNONYMS.set(stem(word), stem(canonical));
}

/** Stems a word and maps it onto its synonym group, e.g. `"finding"` → `"search"`. */
export function normalize(word: string): string {
  const stemmed = stem(word);
  return SYNONYMS.get(stemmed) ?? stemmed;
}

/** True for words that carry no meaning on their own ("the", "me", "please"). */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase().replace(/'/g, ''));
}

/** True for stop words and for request words ("find", "under", "dollars") that are not a subject. */
export function isFillerWord(word: string): boolean {
  return isStopWord(word) || FILLER_WORDS.has(word.toLowerCase());
}

/** Lowercase alphanumeric words of free text, apostrophes dropped ("what's" → "whats"). */
export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/['’]/g, '')
      .match(/[a-z0-9]+/g) ?? []
  );
}

/** The parts of an identifier: split on `_`, `-`, `.`, spaces and camelCase, lowercased. */
export function splitName(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.toLowerCase());
}

/** Normalised meaningful words of a text or identifier (stop words dropped). */
export function keywords(parts: string[]): string[] {
  return parts.filter((part) => !isStopWord(part)).map(normalize);
}

/** A quoted span of the user's text and where it sits. */
export interface QuotedSpan {
  text: string;
  start: number;
  end: number;
}

/** Spans quoted with "…", '…' or “…”; a quote inside a word ("Bob's") does not open a span. */
export function quotedSpans(text: string): QuotedSpan[] {
  const spans: QuotedSpan[] = [];
  const pattern = /(?<![\p{L}\p{N}])(?:"([^"]+)"|'([^']+)'|“([^”]+)”)(?![\p{L}\p{N}])/gu;
  for (const match of text.matchAll(pattern)) {
    const inner = (match[1] ?? match[2] ?? match[3] ?? '').trim();
    if (inner !== '') spans.push({ text: inner, start: match.index, end: match.index + match[0].length });
  }
  return spans;
}
