/**
 * Reading an upstream's response for the model: the body capped (then an error that says so),
 * JSON passed on as JSON text, a non-2xx status an error naming it, redirects refused.
 */
import type { ToolOutcome } from '../../../bridge/protocol/index.js';

/** The most bytes of a response body a tool result may hold. */
export const MAX_RESPONSE_BYTES = 256 * 1024;

/** Reads `response` into an outcome for the tool `name`. */
export async function responseOutcome(name: string, response: Response): Promise<ToolOutcome> {
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    return {
      text: `${name} answered with a redirect (HTTP ${response.status}); redirects are not followed.`,
      isError: true,
    };
  }
  const body = await readCapped(response);
  if (body === undefined) {
    return { text: `${name} answered more than ${MAX_RESPONSE_BYTES} bytes; the response was dropped.`, isError: true };
  }
  if (!response.ok) {
    return { text: `${name} answered HTTP ${response.status}${body ? `: ${body.slice(0, 500)}` : ''}`, isError: true };
  }
  const type = response.headers.get('content-type') ?? '';
  if (/\bjson\b/i.test(type)) {
    try {
      return { text: JSON.stringify(JSON.parse(body)), isError: false };
    } catch {
      return { text: `${name} said its answer was JSON but it is not valid JSON.`, isError: true };
    }
  }
  return { text: body, isError: false };
}

/** The body as text, or `undefined` once it passes the cap (the rest is not read). */
async function readCapped(response: Response): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
