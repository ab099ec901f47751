/**
 * `POST /v1/client/stream {sessionId, executionId, after}` (architecture.md §4, reconnect): replays the
 * stored events with `seq > after`, then continues live until the segment ends (pause or end), so
 * a dropped stream loses nothing. Same session and origin checks as chat. Metered: each reconnect
 * counts against the session's replay rate, and the bytes it sends against the session's replay
 * byte budget (`limits.replay`), so a loop of reconnects cannot turn a few bytes in into megabytes out.
 */
import { streamRequestSchema } from '../../bridge/protocol/schemas.js';
import type { Context, Hono } from 'hono';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { Engine } from '../engine/engine.js';
import { DEFAULT_FOLLOW, followExecution, type FollowOptions } from '../engine/follow.js';
import { readBody } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import { SSE_HEADERS, sseBody, type StreamFeed, type FrameCounter } from '../http/sse.js';
import { nodeResponseOf, writeSseToNode } from '../http/sse-node.js';
import type { Store } from '../store/index.js';
import type { Surfaces } from '../surfaces.js';
import { authorize } from './access.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';
import type { RateLimits, ReplayMeter } from '../http/rate-limit.js';

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
  limits: RateLimits;
}

/**
 * A `text/event-stream` response whose reader stops (and only stops reading) when the client goes
 * away. `counted` is told the length of each frame's JSON as it is queued.
 */
export function streamResponse(c: Context, open: StreamFeed, pingMs = 15_000, counted?: FrameCounter): Response {
  const outgoing = nodeResponseOf(c);
  if (outgoing) return writeSseToNode(c, outgoing, open, pingMs, counted);
  return c.body(sseBody(open, pingMs, counted), 200, SSE_HEADERS);
}

/** Adds `POST /stream` to the client routes. */
export function streamRoute(app: Hono, deps: StreamRouteDeps): void {
  app.post('/stream', async (c) => {
    const body = await readBody(c, streamRequestSchema);
    const { session } = await authorize(deps, c, body.sessionId);
    const run = await deps.store.getRun(body.executionId);
    if (!run || run.sessionId !== session.id)
      throw new ApiError(404, ERROR_CODES.executionNotFound, 'No such execution in this session.');
    const meter = await deps.limits.replay(session.id);
    const after = body.after ?? lastEventId(c.req.header('last-event-id')) ?? 0;
    const source = { store: deps.store, live: (id: string) => deps.engine.live(id), stranded: deps.engine.stranded };
    return streamResponse(
      c,
      (signal) =>
        // An ended run compacted by retention (only its final frame left) reads as a hole at rest:
        // the follower skips it at once and sends the final frame.
        settled(followExecution(source, run.id, after, signal, deps.follow ?? DEFAULT_FOLLOW), meter),
      deps.pingMs,
      // The frame's JSON, close to its size on the wire, measured as the frame is formatted.
      (bytes) => meter.add(bytes),
    );
  });
}

/** The events, and the bytes the meter counted charged when the stream ends. */
async function* settled(
  events: AsyncIterable<readonly StreamEvent[]>,
  meter: ReplayMeter,
): AsyncGenerator<readonly StreamEvent[]> {
  try {
    yield* events;
  } finally {
    // A store error here must not replace the stream's own outcome; the bytes were sent either way.
    await meter.settle().catch(() => {});
  }
}

function lastEventId(header: string | undefined): number | undefined {
  if (!header || !/^\d{1,15}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}
