/**
 * A readable view of a tool's JSON for shoppers, generic over any page's data: an object becomes
 * key–value rows, an array a compact list (each item named by its most telling fields), an error a
 * note, anything else its text. Long data is cut with a "+N more" line; the raw JSON stays behind
 * the card's `debug` view.
 */
import { html, nothing, type TemplateResult } from 'lit';

/** A finished tool call, as `renderToolResult` gets it. */
export interface ToolResultCall {
  toolCallId: string;
  /** The tool's bare name. */
  name: string;
  /** Its human title (the name when the page gave none). */
  title: string;
  parameters: unknown;
  /** The result, parsed from JSON when it is JSON. */
  result: unknown;
  /** The result as the tool returned it (text). */
  text: string;
  isError: boolean;
  /** `webmcp` for a page tool, `server` for one the shop's server ran. */
  origin: 'webmcp' | 'server';
}

/** Renders a tool's result in the page's own way; `null` keeps the widget's readable view. */
export type ToolResultRenderer = (call: ToolResultCall) => Node | null;

/** The words a view needs, in the widget's language. */
export interface ViewWords {
  /** The "+N more" line. */
  more: (n: number) => string;
  /** An empty list. */
  empty: string;
}

/** At most this many rows or list items are shown. */
const MAX_ROWS = 8;
/** Fields that name an item, best first. */
const NAME_KEYS = ['name', 'title', 'label', 'displayName', 'productName', 'sku', 'id'];
/** Fields worth showing beside an item's name in a list. */
const DETAIL_KEYS = ['price', 'total', 'subtotal', 'amount', 'quantity', 'qty', 'count', 'status', 'stock'];

/** Parses a tool's result text: JSON when it is JSON, else the text itself. */
export function parseResult(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^[[{"]/.test(trimmed)) return text;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text; // not JSON after all: shown as text
  }
}

/** `productId` / `product_id` → `Product id`. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One line for any value: scalars as text, an object by its name and details, a list by its count. */
export function inline(value: unknown, words: ViewWords): string {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    const shown = value.slice(0, 3).map((v) => inline(v, words));
    return shown.join(', ') + (value.length > 3 ? `, ${words.more(value.length - 3)}` : '');
  }
  const record = value as Record<string, unknown>;
  const name = NAME_KEYS.map((k) => record[k]).find((v) => typeof v === 'string' || typeof v === 'number');
  const details = DETAIL_KEYS.filter((k) => k in record && typeof record[k] !== 'object').map(
    (k) => `${humanize(k).toLowerCase()} ${String(record[k])}`,
  );
  if (name !== undefined) return [String(name), ...details].join(' · ');
  const entries = Object.entries(value).filter(([, v]) => typeof v !== 'object' || v === null);
  return entries
    .slice(0, 3)
    .map(([k, v]) => `${humanize(k)}: ${String(v)}`)
    .join(', ');
}

function list(items: readonly unknown[], words: ViewWords): TemplateResult {
  return html`<ul class="list">
    ${items.slice(0, MAX_ROWS).map((item) => html`<li>${inline(item, words)}</li>`)}
    ${items.length > MAX_ROWS ? html`<li class="more">${words.more(items.length - MAX_ROWS)}</li>` : nothing}
  </ul>`;
}

function rows(record: Record<string, unknown>, words: ViewWords): TemplateResult {
  const entries = Object.entries(record);
  return html`<dl class="rows">
    ${entries.slice(0, MAX_ROWS).map(
      ([key, value]) =>
        html`<div class="row">
          <dt>${humanize(key)}</dt>
          <dd>${Array.isArray(value) && value.length > 0 ? list(value, words) : inline(value, words)}</dd>
        </div>`,
    )}
    ${entries.length > MAX_ROWS ? html`<div class="row more">${words.more(entries.length - MAX_ROWS)}</div>` : nothing}
  </dl>`;
}

/**
 * The readable view of `value` (see {@link parseResult}); `failed` shows it as an error note.
 * `words` are the widget's for "+N more" and an empty list.
 */
export function resultView(value: unknown, failed: boolean, words: ViewWords): TemplateResult {
  if (failed) return html`<p class="note error">${typeof value === 'string' ? value : inline(value, words)}</p>`;
  if (Array.isArray(value)) return value.length > 0 ? list(value, words) : html`<p class="note">${words.empty}</p>`;
  if (isRecord(value)) return rows(value, words);
  return html`<p class="note">${inline(value, words)}</p>`;
}
