/**
 * `POST /v1/client/stream {sessionId, executionId, after}` (architecture.md §4, reconnect): replays the
 * stored events with `seq > after`, then continues live until the segment ends (pause or end), so
 * a dropped stream loses nothing. Same session and origin checks as chat; not rate-limited.
 */
import { streamRequestSchema } from '../../bridge/protocol/schemas.js';
import type { Context, Hono } from 'hono';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { Engine } from '../engine/engine.js';
import { DEFAULT_FOLLOW, followExecution, type FollowOptions } from '../engine/follow.js';
import { readBody } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import { SSE_HEADERS, sseBody } from '../http/sse.js';
import { nodeResponseOf, writeSseToNode } from '../http/sse-node.js';
import type { Store } from '../store/index.js';
import type { Surfaces } from '../surfaces.js';
import { authorize } from './access.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';

/**
 * The reconnect body. `after` is the last `seq` the client received (0 or absent: from the start);
 * without it, a numeric `Last-Event-ID` header is used, as an EventSource would send.
 */

/** What the reconnect route needs from the app. */
export interface StreamRouteDeps {
  store: Store;
  surfaces: Surfaces;
  engine: Engine;
  pingMs?: number;
  follow?: FollowOptions;
}

/** A `text/event-stream` response whose reader stops (and only stops reading) when the client goes away. */
export function streamResponse(
  c: Context,
  open: (signal: AbortSignal) => AsyncIterable<StreamEvent>,
  pingMs = 15_000,
): Response {
  const outgoing = nodeResponseOf(c);
  if (outgoing) return writeSseToNode(c, outgoing, open, pingMs);
  return c.body(sseBody(open, pingMs), 200, SSE_HEADERS);
}

/** Adds `POST /stream` to the client routes. */
export function streamRoute(app: Hono, deps: StreamRouteDeps): void {
  app.post('/stream', async (c) => {
    const body = await readBody(c, streamRequestSchema);
    const { session } = await authorize(deps, c, body.sessionId);
    const run = await deps.store.getRun(body.executionId);
    if (!run || run.sessionId !== session.id)
      throw new ApiError(404, ERROR_CODES.executionNotFound, 'No such execution in this session.');
    const after = body.after ?? lastEventId(c.req.header('last-event-id')) ?? 0;
    const source = { store: deps.store, live: (id: string) => deps.engine.live(id), stranded: deps.engine.stranded };
    return streamResponse(
      c,
      (signal) => followExecution(source, run.id, after, signal, deps.follow ?? DEFAULT_FOLLOW),
      deps.pingMs,
    );
  });
}

function lastEventId(header: string | undefined): number | undefined {
  if (!header || !/^\d{1,15}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}
