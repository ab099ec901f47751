import { AdminApiError } from './admin-api.js';

/** A failed load in words. */
export function describeError(error: unknown): string {
  if (error instanceof AdminApiError) {
    if (error.status === 401) return 'The admin key was refused. Sign out and enter it again.';
    return `${error.hint || error.code} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A timestamp in the operator's locale. */
export function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** Splits a list typed as text: commas, spaces or new lines. */
export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== '');
}

/** `path: message` → its two halves (the path may be empty). */
export function splitIssue(issue: string): { path: string; message: string } {
  const at = issue.indexOf(': ');
  return at < 0 ? { path: '', message: issue } : { path: issue.slice(0, at), message: issue.slice(at + 2) };
}

const REASONS: Record<string, string> = {
  rule_matched: 'a rule lists it',
  no_allowlist: 'no allowlist: every tool is admitted',
  tool_not_listed: 'no rule for this origin lists the tool',
  origin_not_listed: 'no rule matches this origin',
  allowlist_empty: 'the allowlist is empty',
  webmcp_disabled: 'WebMCP is off for the surface',
  origin_invalid: 'the page origin is not a valid origin',
};

/** The policy's reason code with a few words. */
export function reasonText(reason: string): string {
  const words = REASONS[reason];
  return words ? `${words} (${reason})` : reason;
}

/** A duration for people: `850 ms`, `1.2 s`. */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A tool's result as key–value rows: a JSON object gives one row per key (nested values as compact
 * JSON), an array one row per item, anything else (plain text) one row with an empty key.
 */
export function resultRows(text: string): Array<[key: string, value: string]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [['', text]];
  }
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  if (Array.isArray(value)) return value.map((v, i) => [String(i + 1), show(v)]);
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => [k, show(v)]);
  return [['', show(value)]];
}
