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
 */
export async function readBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  maxBytes: number = LIMITS.maxBodyBytes,
): Promise<z.infer<S>> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new ApiError(413, ERROR_CODES.bodyTooLarge, `Request bodies are limited to ${maxBytes} bytes.`);
  }
  const raw = await readCapped(c.req.raw, maxBytes);
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
      throw new ApiError(400, ERROR_CODES.bodyIncomplete, 'The request body ended before it was complete.');
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ApiError(413, ERROR_CODES.bodyTooLarge, `Request bodies are limited to ${maxBytes} bytes.`);
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
