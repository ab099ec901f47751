import { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { z } from 'zod';
import { LIMITS, jsonDepth, ERROR_CODES } from '../../bridge/protocol/index.js';
import { ApiError } from './errors.js';

/** Deepest nesting a request body may have (a tool schema may nest 16 levels inside 4 of the body). */
export const MAX_BODY_DEPTH = 64;

/**
 * Reads a JSON body with a size cap and validates it. Oversized → 413 `body_too_large`;
 * not JSON → 400 `invalid_json`; nested deeper than {@link MAX_BODY_DEPTH} → 400 `body_too_deep`;
 * schema mismatch → 400 `invalid_request` with the first issue's path; a body the client abandoned
 * midway → 400 `body_incomplete` (never logged as a server error).
 *
 * On `@hono/node-server` the bytes come straight from Node's `IncomingMessage` (`c.env.incoming`):
 * no web `Request`, body stream or abort signal is built for the request, and none stays alive
 * with a long response. Elsewhere (`app.request` in tests) it reads `c.req.raw.body`.
 */
export async function readBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  maxBytes: number = LIMITS.maxBodyBytes,
): Promise<z.infer<S>> {
  const incoming = incomingOf(c);
  const declared = Number((incoming ? incoming.headers['content-length'] : c.req.header('content-length')) ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const raw = incoming ? await readIncoming(incoming, maxBytes) : await readCapped(c.req.raw, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ApiError(400, ERROR_CODES.invalidJson, 'The request body must be a JSON object.');
  }
  // JSON.parse takes any depth, but stringify and structuredClone recurse: a deep body would overflow them later.
  if (jsonDepth(value) > MAX_BODY_DEPTH) {
    throw new ApiError(400, ERROR_CODES.bodyTooDeep, `JSON bodies may nest at most ${MAX_BODY_DEPTH} levels.`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issuePath(issue).join('.');
    throw new ApiError(400, ERROR_CODES.invalidRequest, path ? `${path}: ${issue.message}` : issue.message);
  }
  return result.data;
}

/** The Node request behind `c`, when the app runs on `@hono/node-server`. */
export function incomingOf(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  return incoming instanceof IncomingMessage ? incoming : undefined;
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, ERROR_CODES.bodyTooLarge, `Request bodies are limited to ${maxBytes} bytes.`);
}

function incomplete(): ApiError {
  return new ApiError(400, ERROR_CODES.bodyIncomplete, 'The request body ended before it was complete.');
}

/**
 * The body of a Node request, at most `maxBytes`. Past the cap it stops listening and pauses the
 * request; the adapter drains (or drops) the rest once the 413 is sent.
 */
function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<string> {
  if (incoming.readableEnded) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onGone);
      incoming.off('close', onGone);
    };
    const add = (chunk: Buffer): boolean => {
      size += chunk.byteLength;
      if (size <= maxBytes) return !!chunks.push(chunk);
      stop();
      incoming.pause();
      reject(tooLarge(maxBytes));
      return false;
    };
    const onData = (chunk: Buffer) => void add(chunk);
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8'));
    };
    const onGone = () => {
      stop();
      // The whole body arrived before the client hung up: Node still holds its unread part.
      if (incoming.complete) {
        for (let chunk = incoming.read() as Buffer | null; chunk !== null; chunk = incoming.read() as Buffer | null)
          if (!add(chunk)) return;
        onEnd();
        return;
      }
      // The client went away mid-body (an abandoned upload): its fault, not the server's, and nobody is listening.
      reject(incomplete());
    };
    if (incoming.destroyed) return onGone();
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onGone);
    incoming.on('close', onGone);
  });
}

async function readCapped(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client went away mid-body (an abandoned upload): its fault, not the server's, and nobody is listening.
      throw incomplete();
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The path of a schema issue; for an unknown key, down to the key itself (`agent.model`, not `agent`). */
export function issuePath(issue: z.core.$ZodIssue): string[] {
  const path = issue.path.map(String);
  return issue.code === 'unrecognized_keys' && issue.keys.length > 0 ? [...path, issue.keys[0]!] : path;
}
