/**
 * The send-once protocol for `clientTools`: the full array goes once per session and tool set;
 * afterwards only its fingerprint. A server that does not know the fingerprint answers 409
 * `client_tools_resend_required`, and the request is repeated once with the full array.
 */
import type { ClientTool, StreamEvent } from '../protocol/index.js';
import type { Snapshot } from '../snapshot/index.js';
import { HttpError } from '../transport/index.js';
import { ERROR_CODES } from '../protocol/index.js';

export interface ToolsPayload {
  clientTools?: ClientTool[];
  clientToolsFingerprint: string;
}

export class ToolSender {
  #known = new Set<string>();

  /** Forgets every fingerprint (a new session knows none). */
  reset(): void {
    this.#known.clear();
  }

  /**
   * Opens a stream with the snapshot's tools, by fingerprint when the server has the set already.
   * Resolves once the server has accepted the request (its first event arrived).
   */
  async open(
    snapshot: Snapshot,
    request: (tools: ToolsPayload) => AsyncGenerator<StreamEvent>,
  ): Promise<AsyncGenerator<StreamEvent>> {
    const fingerprint = snapshot.fingerprint;
    const attempt = async (full: boolean) => {
      const stream = request(
        full
          ? { clientTools: snapshot.clientTools, clientToolsFingerprint: fingerprint }
          : { clientToolsFingerprint: fingerprint },
      );
      const first = await stream.next();
      this.#known.add(fingerprint);
      return prepend(first, stream);
    };
    if (!this.#known.has(fingerprint)) return attempt(true);
    try {
      return await attempt(false);
    } catch (error) {
      if (!(error instanceof HttpError && error.status === 409 && error.code === ERROR_CODES.clientToolsResendRequired))
        throw error;
      this.#known.delete(fingerprint);
      return attempt(true);
    }
  }
}

async function* prepend(
  first: IteratorResult<StreamEvent>,
  rest: AsyncGenerator<StreamEvent>,
): AsyncGenerator<StreamEvent> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}
