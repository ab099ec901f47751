/**
 * Directives: user messages starting with `/` that script the offline model for demos and tests.
 *
 * - `/tool <name> <json>` — call a tool; several `/tool` lines make parallel calls in one step.
 * - `/echo <text>` — reply exactly `<text>` (the rest of the message, newlines included).
 * - `/error <msg>` — fail the stream with `<msg>`.
 * - `/slow <ms> [text]` — wait, then reply.
 */
import type { ModelTool } from '../types.js';

/** The longest `/slow` wait; a longer request is clamped so one message cannot hold a stream for days. */
export const MAX_SLOW_MS = 300_000;

/** One `/tool` line: the name as typed and the raw JSON text after it (may be empty). */
export interface ToolDirectiveCall {
  name: string;
  argumentsText: string;
}

/** A parsed directive, or `invalid` with a message to show the user. */
export type Directive =
  | { kind: 'tool'; calls: ToolDirectiveCall[] }
  | { kind: 'echo'; text: string }
  | { kind: 'error'; message: string }
  | { kind: 'slow'; ms: number; text: string }
  | { kind: 'invalid'; message: string };

/** Short usage text listing the directives. */
export const DIRECTIVE_HELP =
  'Directives: /tool <name> {json} (one line per call; a /then line starts the next step), /echo <text>, /error <message>, /slow <ms> [text].';

/**
 * Splits a message into the steps its `/then` lines separate: the model plays step 1 first, and
 * step n after the tool results of step n − 1 — how tests and demos script a chained call.
 */
export function splitSteps(content: string): string[] {
  return content
    .split(/^[ \t]*\/then[ \t]*$/m)
    .map((step) => step.trim())
    .filter((step) => step !== '');
}

const HEAD = /^\/([a-z]+)(?=\s|$)/;

/** True when the message is a directive (its first line starts with `/word`). */
export function isDirective(content: string): boolean {
  return HEAD.test(content.trimStart());
}

/** Drops the directive word and the one whitespace character after it. */
function restAfter(content: string, word: string): string {
  return content.slice(word.length + 1).replace(/^[ \t]|^\r?\n/, '');
}

function parseToolLines(content: string): Directive {
  const calls: ToolDirectiveCall[] = [];
  for (const line of content.split(/\r?\n/)) {
    const trimmed = line.trim();
    const head = HEAD.exec(trimmed);
    if (head?.[1] === 'tool') {
      const body = trimmed.slice('/tool'.length).trim();
      const name = body.split(/\s/, 1)[0] ?? '';
      if (name === '') return { kind: 'invalid', message: 'Usage: /tool <name> {json}' };
      calls.push({ name, argumentsText: body.slice(name.length).trim() });
    } else if (head !== null) {
      return { kind: 'invalid', message: `Only /tool lines can be combined in one message; found /${head[1]}.` };
    } else if (trimmed !== '' && calls.length > 0) {
      // a line without a directive continues the previous call's JSON (pretty-printed arguments)
      const last = calls[calls.length - 1] as ToolDirectiveCall;
      last.argumentsText = `${last.argumentsText}\n${line}`.trim();
    }
  }
  return { kind: 'tool', calls };
}

/** Parses a directive message; `undefined` when the message is plain text for the router. */
export function parseDirective(message: string): Directive | undefined {
  const content = message.trimStart();
  const word = HEAD.exec(content)?.[1];
  if (word === undefined) return undefined;
  const rest = restAfter(content, word);
  switch (word) {
    case 'tool':
      return parseToolLines(content);
    case 'echo':
      return { kind: 'echo', text: rest };
    case 'error':
      return { kind: 'error', message: rest.trim() || 'Offline model error requested by /error.' };
    case 'slow': {
      const match = /^\s*(\d+)(?:\s+([\s\S]*))?$/.exec(rest);
      if (match === null) return { kind: 'invalid', message: 'Usage: /slow <ms> [text]' };
      const ms = Math.min(Number(match[1]), MAX_SLOW_MS);
      return { kind: 'slow', ms, text: match[2]?.trim() || `Done waiting ${ms} ms.` };
    }
    default:
      return { kind: 'invalid', message: `Unknown directive /${word}. ${DIRECTIVE_HELP}` };
  }
}

/** Parses `/tool` arguments: empty means `{}`; anything but a JSON object is an error message. */
export function parseToolArguments(
  text: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'the arguments must be a JSON object, e.g. {"query": "mug"}' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * Finds a tool by its bare (`search_products`), canonical (`webmcp:…`, `http:…`, `webhook:…`,
 * `code:…`) or provider name; a namespaced name the page does not offer under that namespace falls
 * back to the one tool with that bare name.
 */
export function findTool(name: string, tools: readonly ModelTool[]): ModelTool | undefined {
  const exact = tools.find((tool) => tool.bareName === name || tool.canonicalName === name || tool.name === name);
  if (exact !== undefined) return exact;
  const bare = /^[a-z]+:(.+)$/.exec(name)?.[1];
  const matches = bare === undefined ? [] : tools.filter((tool) => tool.bareName === bare);
  return matches.length === 1 ? matches[0] : undefined;
}
