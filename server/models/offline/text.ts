/**
 * Word handling shared by the router and the argument filler: tokenising, crude stemming, a small
 * synonym table, stop words and quoted spans. Everything compares *normalised* words, so "find",
 * "finding" and "search" meet at one key.
 */

/** Words that carry no meaning for routing or arguments. Checked before stemming. */
const STOP_WORDS = new Set([
  'a',
  'about',
  'all',
  'also',
  'am',
  'an',
  'and',
  'any',
  'are',
  'as',
  'at',
  'be',
  'by',
  'can',
  'could',
  'do',
  'does',
  'for',
  'from',
  'had',
  'has',
  'have',
  'hello',
  'hey',
  'hi',
  'how',
  'i',
  'id',
  'ill',
  'im',
  'ive',
  'dont',
  'cant',
  'youre',
  'in',
  'into',
  'is',
  'it',
  'its',
  'just',
  'let',
  'lets',
  'me',
  'my',
  'of',
  'on',
  'or',
  'our',
  'please',
  'so',
  'some',
  'than',
  'that',
  'the',
  'them',
  'then',
  'there',
  'these',
  'this',
  'those',
  'to',
  'up',
  'us',
  'was',
  'we',
  'what',
  'whats',
  'which',
  'who',
  'will',
  'with',
  'would',
  'you',
  'your',
]);

/** Words that help pick a tool but are not part of what the user is looking for. */
const FILLER_WORDS = new Set([
  'above',
  'anything',
  'around',
  'available',
  'below',
  'bucks',
  'cheap',
  'cheaper',
  'cost',
  'costing',
  'dollar',
  'dollars',
  'euro',
  'euros',
  'eur',
  'find',
  'get',
  'give',
  'got',
  'item',
  'items',
  'less',
  'list',
  'look',
  'looking',
  'max',
  'maximum',
  'min',
  'minimum',
  'more',
  'most',
  'need',
  'only',
  'over',
  'price',
  'priced',
  'search',
  'see',
  'show',
  'something',
  'stuff',
  'tell',
  'thing',
  'things',
  'under',
  'usd',
  'want',
  'within',
  'have',
  'sell',
  'carry',
  'stock',
  'recommend',
  'suggest',
  'cheapest',
  'expensive',
  'priciest',
  'lowest',
  'least',
  'much',
  'many',
  'one',
  'ones',
  'kind',
  'sort',
  'type',
  'option',
  'options',
  'buy',
  'like',
  'shop',
  'store',
  'catalog',
  'catalogue',
  'right',
  'now',
  'currently',
  'today',
  'good',
  'nice',
  'new',
]);

/** Different words for one idea; both sides are stemmed when the table is compiled. */
const SYNONYM_GROUPS: Record<string, string[]> = {
  search: ['find', 'look', 'lookup', 'seek', 'browse'],
  product: ['item', 'thing', 'stuff', 'good', 'article'],
  add: ['buy', 'purchase', 'put'],
  remove: ['delete', 'drop', 'discard', 'erase', 'out', 'rid'],
  cart: ['basket', 'trolley', 'total', 'subtotal'],
  checkout: ['pay', 'payment', 'place'],
  price: [
    'cheap',
    'cost',
    'dollar',
    'usd',
    'eur',
    'euro',
    'buck',
    'priced',
    'cheapest',
    'expensive',
    'priciest',
    'pricey',
  ],
  status: ['track', 'tracking', 'arrive', 'arriving', 'shipped'],
  shipping: ['ship', 'postage', 'deliver', 'delivery'],
  tax: ['vat'],
  detail: ['info', 'information', 'describe', 'description', 'spec', 'specs'],
  max: ['under', 'below', 'less', 'cheaper', 'maximum', 'most', 'within', 'upto'],
  min: ['over', 'above', 'more', 'minimum', 'least'],
  quantity: ['qty', 'amount', 'many', 'copy', 'piece', 'unit'],
};

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
