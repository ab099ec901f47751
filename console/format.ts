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
