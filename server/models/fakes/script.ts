/**
 * Turn scripts for the fake providers: a script is a list of turns, one per model request; a turn
 * is text and/or tool calls with their arguments, plus a finish reason, and optional quirks that
 * bend the wire format the way real servers do.
 */

/** One tool call a scripted turn makes. */
export interface FakeToolCall {
  /** The wire id; default a generated `call_…` / `toolu_…`. */
  id?: string;
  /** The provider-safe name, e.g. `webmcp__search_products`. */
  name: string;
  /** An object (sent as compact JSON) or the exact arguments text (`''` for none). */
  arguments: Record<string, unknown> | string;
}

/** What a turn's text function sees of the request it answers. */
export interface FakeRequestView {
  format: FakeFormat;
  /** The parsed request body. */
  body: Record<string, any>;
  /** The texts of the tool results at the end of the request, in order. */
  toolResults: string[];
}

/** The two wire formats the fake speaks. */
export type FakeFormat = 'chat-completions' | 'anthropic-messages';

/** Wire quirks; each one is a switch real servers are known to flip. */
export interface FakeQuirks {
  /** Chat Completions: every tool call delta says `index: 0`; only the ids tell calls apart. Anthropic: every content block says `index: 0`. */
  parallelIndexZero?: boolean;
  /** Tool calls arrive without an id. */
  missingToolCallIds?: boolean;
  /** Chat Completions: the first arguments fragment arrives before the delta with the id and name. */
  argumentsBeforeName?: boolean;
  /** No `finish_reason` (Chat Completions, still `[DONE]`) / `stop_reason: null` (Anthropic). */
  noFinishReason?: boolean;
  /** Chat Completions: no `data: [DONE]` at the end (the finish reason still comes). */
  omitDone?: boolean;
  /** After HTTP 200 and the first content frame, an error frame with this message, then the end. */
  midStreamError?: string;
  /** After the first content frame, a frame whose JSON is cut short. */
  malformedFrame?: boolean;
  /** Lines end in CRLF instead of LF. */
  crlf?: boolean;
  /** The bytes go out in tiny writes at awkward positions (inside `data:`, CRLF, UTF-8 characters). */
  splitWrites?: boolean;
  /** The socket is destroyed after the content frames, before any finish. */
  dropConnection?: boolean;
  /** The response ends cleanly after the content frames, without finish frames. */
  truncate?: boolean;
  /** The response stays open after the content frames and sends nothing more. */
  stall?: boolean;
  /** The response stays open after the content frames, sending only keep-alives every this many ms. */
  keepAliveMs?: number;
}

/** One scripted model turn (one HTTP request). */
export interface FakeTurn {
  /** Text to stream; a function answers from the request (e.g. quoting the tool results). */
  text?: string | ((request: FakeRequestView) => string);
  /** Reasoning (`reasoning_content` / a thinking block), streamed before the text. */
  reasoning?: string;
  toolCalls?: FakeToolCall[];
  /** Default `tool_calls` when the turn calls tools, else `stop`. */
  finish?: 'stop' | 'tool_calls' | 'length';
  quirks?: FakeQuirks;
  /** Answer with this HTTP error (in the provider's error format) instead of a stream. */
  httpError?: { status: number; message: string };
}

/** A rendered response: the content frames (each a list of lines), the frames that finish it, and a keep-alive frame. */
export interface RenderedStream {
  content: string[][];
  closing: string[][];
  keepAlive: string[];
}

/** The arguments text of a call, exactly as it goes on the wire. */
export function argumentsText(call: FakeToolCall): string {
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
}

/** The turn's finish reason. */
export function finishOf(turn: FakeTurn): 'stop' | 'tool_calls' | 'length' {
  return turn.finish ?? ((turn.toolCalls?.length ?? 0) > 0 ? 'tool_calls' : 'stop');
}

/** Splits text into pieces of about two words, like a model's token deltas (joins back exactly). */
export function textPieces(text: string): string[] {
  const words = text.match(/\s*\S+\s*/g) ?? (text === '' ? [] : [text]);
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += 2) pieces.push(words.slice(i, i + 2).join(''));
  return pieces;
}

/** Splits a JSON text into fragments of at most `size` characters. */
export function argumentFragments(json: string, size = 7): string[] {
  const fragments: string[] = [];
  for (let start = 0; start < json.length; start += size) fragments.push(json.slice(start, start + size));
  return fragments;
}

/** The tool results at the end of a request, in either format. */
export function trailingToolResults(format: FakeFormat, body: Record<string, any>): string[] {
  const messages: any[] = Array.isArray(body.messages) ? body.messages : [];
  if (format === 'chat-completions') {
    const results: string[] = [];
    for (let i = messages.length - 1; i >= 0 && messages[i]?.role === 'tool'; i--)
      results.unshift(String(messages[i].content));
    return results;
  }
  const last = messages.at(-1);
  if (last?.role !== 'user' || !Array.isArray(last.content)) return [];
  return last.content
    .filter((block: any) => block?.type === 'tool_result')
    .map((block: any) =>
      typeof block.content === 'string' ? block.content : (block.content ?? []).map((c: any) => c.text ?? '').join(''),
    );
}
