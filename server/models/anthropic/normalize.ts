/**
 * The one Anthropic Messages stream quirk the AI SDK parser does not absorb, fixed line by line
 * before it parses (see `streamFetch`): a `tool_use` block without an `id` (some gateways drop
 * it) would fail the SDK's frame schema; it gets a deterministic `toolu_<hash of the request>_<n>`.
 * Everything else (blocks that reuse `index: 0`, empty `partial_json`, a null `stop_reason`,
 * `error` events, CRLF, split frames) the SDK or the adapter already handles.
 */
import { createHash } from 'node:crypto';
import type { LineRewriter } from '../ai-sdk/stream-fetch.js';

interface BlockStart {
  type?: unknown;
  content_block?: { type?: unknown; id?: unknown; [key: string]: unknown };
}

/** Rewrites the `data:` lines of one Messages stream; everything else passes untouched. */
export class MessagesNormalizer implements LineRewriter {
  readonly #seed: string;
  #generated = 0;

  /** `requestBody` seeds the generated ids, so they are stable for a given request. */
  constructor(requestBody: string) {
    this.#seed = createHash('sha256').update(requestBody).digest('hex').slice(0, 12);
  }

  line(line: string): string {
    if (!line.startsWith('data:') || !line.includes('"tool_use"')) return line;
    let frame: BlockStart;
    try {
      frame = JSON.parse(line.slice(5)) as BlockStart;
    } catch {
      return line; // not JSON: the SDK reports the malformed frame
    }
    const block = frame.content_block;
    if (frame.type !== 'content_block_start' || block?.type !== 'tool_use') return line;
    if (typeof block.id === 'string' && block.id.trim() !== '') return line;
    block.id = `toolu_${this.#seed}_${this.#generated++}`;
    return `data: ${JSON.stringify(frame)}`;
  }
}
