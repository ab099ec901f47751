/**
 * Turns any tool result into shopper-readable prose without knowing the page: lists of objects
 * become short bullet lists (name, price, one or two telling fields), single objects a sentence or
 * two, counts and totals are stated. No JSON syntax reaches the text.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** How to read the results: the currency symbol the page's tools speak of and the requested order. */
export interface RenderOptions {
  currency?: string | undefined;
  /** `asc` lists the cheapest first (and names it), `desc` the dearest. */
  order?: 'asc' | 'desc' | undefined;
  /** Words the shopper used for the thing ("mug"): with an order, the best matching item leads. */
  subject?: string[] | undefined;
}

const NAME_KEYS = ['name', 'title', 'label', 'displayName', 'productName', 'fullName', 'subject', 'headline'];
const MONEY_KEY = /(?:price|cost|total|subtotal|amount|fee|tax|shipping|balance)(?:cents|_cents)?$/i;
const CENTS_KEY = /cents$/i;
const HIDDEN_KEY = /^(?:id|_id|uuid|url|href|link|image|imageurl|thumbnail|art|slug)$|(?:id|sku|isbn)$/i;
const MAX_ITEMS = 8;

/** A JSON scalar: the only JSON texts that do not start with `{`, `[` or `"`. */
const JSON_SCALAR = /^\s*(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)\s*$/;

/** Parses a result's text; `undefined` when it is not JSON. */
export function parseJson(text: string): Json | undefined {
  // Most plain-text results are told apart without a throw: a failed JSON.parse builds an error and
  // its stack, which made parsing plain results a tenth of a resume's engine time.
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[' && first !== '"' && !JSON_SCALAR.test(text)) return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `totalQuantity` → "total quantity", `delivery_days` → "delivery days". */
export function humanKey(key: string): string {
  return key
    .replace(/_?[Cc]ents$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The value's name: the first of the usual name keys holding text. */
export function nameOf(value: JsonObject): string | undefined {
  for (const key of NAME_KEYS) {
    const found = Object.entries(value).find(
      ([k, v]) => k.toLowerCase() === key.toLowerCase() && typeof v === 'string',
    );
    if (found) return found[1] as string;
  }
  return undefined;
}

function money(key: string, value: number, options: RenderOptions, currencyField?: Json): string {
  const amount = CENTS_KEY.test(key) ? value / 100 : value;
  const symbols: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥' };
  const code = typeof currencyField === 'string' ? currencyField.toUpperCase() : undefined;
  const symbol = code !== undefined ? (symbols[code] ?? `${code} `) : (options.currency ?? '');
  return `${symbol}${amount.toFixed(2)}`;
}

/** A scalar as text; money keys get two decimals and the currency; anything nested is summarised. */
function scalar(key: string, value: Json, options: RenderOptions, owner?: JsonObject): string {
  if (typeof value === 'number')
    return MONEY_KEY.test(key) ? money(key, value, options, owner?.['currency']) : String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === null) return 'none';
  if (typeof value === 'string') return value.replace(/\{"/g, '{ "');
  if (Array.isArray(value)) {
    const names = value.map((v) => (isObject(v) ? nameOf(v) : typeof v === 'object' ? undefined : String(v)));
    const known = names.filter((n): n is string => n !== undefined);
    return known.length === value.length && known.length > 0 ? known.join(', ') : `${value.length} entries`;
  }
  return describeObject(value, options, true);
}

function isShort(value: Json): boolean {
  return typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'string' && value.length <= 40);
}

/** The price-like field of an item, if any. */
function priceEntry(item: JsonObject): [string, number] | undefined {
  const entry = Object.entries(item).find(([k, v]) => MONEY_KEY.test(k) && typeof v === 'number');
  return entry as [string, number] | undefined;
}

function priceValue(item: Json): number {
  if (!isObject(item)) return Number.NaN;
  const entry = priceEntry(item);
  return entry === undefined ? Number.NaN : CENTS_KEY.test(entry[0]) ? entry[1] / 100 : entry[1];
}

/** One bullet: **name** — price · one or two telling short fields. */
function itemLine(item: Json, options: RenderOptions): string {
  if (!isObject(item)) return `- ${scalar('', item, options)}`;
  const name = nameOf(item);
  const price = priceEntry(item);
  const skip = new Set([...NAME_KEYS.map((k) => k.toLowerCase()), price?.[0].toLowerCase(), 'currency', 'description']);
  const telling = Object.entries(item)
    .filter(([k, v]) => !skip.has(k.toLowerCase()) && !HIDDEN_KEY.test(k) && isShort(v))
    .slice(0, 2)
    .map(([k, v]) => (typeof v === 'string' ? v : `${humanKey(k)} ${scalar(k, v, options, item)}`));
  // without a name, the item's id is what identifies it
  const id = Object.entries(item).find(([k, v]) => HIDDEN_KEY.test(k) && /(?:id|sku|isbn)$/i.test(k) && isShort(v));
  const head = name !== undefined ? `**${name}**` : id !== undefined ? String(id[1]) : (telling.shift() ?? 'item');
  const priced = price !== undefined ? ` — ${money(price[0], price[1], options, item['currency'])}` : '';
  return `- ${head}${priced}${telling.length > 0 ? ` · ${telling.join(' · ')}` : ''}`;
}

/** A bullet list, ordered by price when asked, at most {@link MAX_ITEMS} lines. */
export function describeList(items: Json[], options: RenderOptions): string {
  const list = [...items];
  const named = (item: Json): boolean =>
    isObject(item) && (options.subject ?? []).some((w) => (nameOf(item) ?? '').toLowerCase().includes(w.toLowerCase()));
  if (options.order !== undefined && list.some((item) => !Number.isNaN(priceValue(item)))) {
    const sign = options.order === 'asc' ? 1 : -1;
    // items named like what was asked for come first ("cheapest mug": mugs before a mug-printed shirt)
    list.sort(
      (a, b) =>
        Number(named(b)) - Number(named(a)) || sign * ((priceValue(a) || Infinity) - (priceValue(b) || Infinity)),
    );
  }
  const lines = list.slice(0, MAX_ITEMS).map((item) => itemLine(item, options));
  if (list.length > MAX_ITEMS) lines.push(`- …and ${list.length - MAX_ITEMS} more`);
  const first = list[0];
  const lead =
    options.order !== undefined && isObject(first) && nameOf(first) !== undefined && !Number.isNaN(priceValue(first))
      ? `The ${options.order === 'asc' ? 'cheapest' : 'most expensive'} is **${nameOf(first)}** at ${itemLine(first, options).split(' — ')[1]?.split(' · ')[0] ?? ''}.\n\n`
      : '';
  return `${lead}${lines.join('\n')}`;
}

/** A sentence or two about one object; `inline` keeps it to a clause for nesting. */
export function describeObject(value: JsonObject, options: RenderOptions, inline = false): string {
  const name = nameOf(value);
  // without a name, a money field is one fact among the others ("total: $36.00")
  const price = name !== undefined ? priceEntry(value) : undefined;
  const parts: string[] = [];
  const query = value['query'];
  const count = value['count'];
  if (typeof query === 'string' && typeof count === 'number' && !inline) {
    const subject = query.trim() === '' ? '' : ` for “${query}”`;
    parts.push(`found ${count} ${count === 1 ? 'result' : 'results'}${subject}`);
  }
  const lists: string[] = [];
  let about = '';
  for (const [key, field] of Object.entries(value)) {
    if (HIDDEN_KEY.test(key) && name !== undefined) continue;
    if (typeof query === 'string' && typeof count === 'number' && !inline && (key === 'query' || key === 'count'))
      continue;
    if (key === 'currency' || (name !== undefined && field === name) || (price !== undefined && key === price[0]))
      continue;
    if (Array.isArray(field) && field.some(isObject)) {
      const label = field.length === 1 ? humanKey(key).replace(/s$/, '') : humanKey(key);
      if (inline) parts.push(`${field.length} ${label}`);
      else lists.push(`${capitalize(humanKey(key))}:\n${describeList(field, options)}`);
    } else if (Array.isArray(field) && field.length === 0) {
      parts.push(`no ${humanKey(key)}`);
    } else if (key.toLowerCase() === 'description' && typeof field === 'string' && !inline) {
      about = field;
    } else {
      parts.push(`${humanKey(key)}: ${scalar(key, field, options, value)}`);
    }
  }
  const priced = price !== undefined ? ` — ${money(price[0], price[1], options, value['currency'])}` : '';
  if (inline) return [name !== undefined ? `${name}${priced}` : undefined, ...parts].filter(Boolean).join(', ');
  const head = name !== undefined ? `**${name}**${priced}.` : '';
  const facts = parts.length > 0 ? `${capitalize(parts.join('; '))}.` : '';
  // one list needs no heading: the sentence before it says what it is
  const listCount = lists.filter((l) => l.includes('\n- ')).length;
  if (listCount === 1) {
    const at = lists.findIndex((l) => l.includes('\n- '));
    lists[at] = (lists[at] ?? '').replace(/^[^\n]*:\n/, '');
  }
  return [[head, about].filter(Boolean).join(' '), facts, ...lists].filter((p) => p !== '').join('\n\n');
}

/**
 * Prose for one tool result's text: JSON is described, anything else is shown as it is.
 *
 * @example describeResult('[{"name":"Mug","price":12}]', { currency: '$' }) // → '- **Mug** — $12.00'
 */
export function describeResult(text: string, options: RenderOptions = {}): string {
  const value = parseJson(text);
  if (value === undefined) return text.trim().replace(/\{"/g, '{ "');
  if (Array.isArray(value)) {
    if (value.length === 0) return 'Nothing was found.';
    const counted = `${value.length} ${value.length === 1 ? 'result' : 'results'}:\n`;
    const body = describeList(value, options);
    // "The cheapest is …" leads, before the count and the list
    const split = body.startsWith('The ') ? body.indexOf('\n\n') : -1;
    return split < 0 ? `${counted}${body}` : `${body.slice(0, split)}\n\n${counted}${body.slice(split + 2)}`;
  }
  if (isObject(value)) return describeObject(value, options) || 'Done.';
  return scalar('', value, options);
}
