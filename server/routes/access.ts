/**
 * Who may use a client route: the server-observed `Origin` against the token's `allowedOrigins`,
 * and a session that exists, is unexpired, and was opened by the same token from the same origin.
 * Also what the boundary saw: origins and offered tools, recorded for the admin console.
 */
import type { Context } from 'hono';
import type { RecordedDecision } from '../store/index.js';
import { ApiError } from '../http/errors.js';
import type { SessionRecord, Store } from '../store/index.js';
import type { SurfaceSet, Surfaces, TokenEntry } from '../surfaces.js';
import type { OriginTally } from './origin-tally.js';
import { warnTo, type Warn } from '../engine/warn.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';

/** An authorized request on an existing session. */
export interface SessionAccess {
  session: SessionRecord;
  entry: TokenEntry;
  /** The server-observed `Origin`, the one the policy is applied to. */
  origin: string;
  surfaces: SurfaceSet;
}

/** The server-observed `Origin`, which must be one of the token's `allowedOrigins` (else 403). */
export function requireOrigin(c: Context, entry: TokenEntry): string {
  const origin = c.req.header('origin');
  if (!origin) throw new ApiError(403, ERROR_CODES.originNotAllowed, 'Browser requests must carry an Origin header.');
  if (!entry.allows(origin))
    throw new ApiError(403, ERROR_CODES.originNotAllowed, `The origin ${origin} is not allowed for this client token.`);
  return origin;
}

/**
 * Checks a request on `sessionId`: 401 `session_not_found` / `invalid_client_token` (revoked) /
 * `session_expired`, 403 `origin_not_allowed` for a foreign or missing `Origin`.
 */
export async function authorize(
  deps: { store: Store; surfaces: Surfaces },
  c: Context,
  sessionId: string,
): Promise<SessionAccess> {
  const session = await deps.store.getSession(sessionId);
  if (!session) throw new ApiError(401, ERROR_CODES.sessionNotFound, 'Unknown session; call /v1/client/init again.');
  const surfaces = await deps.surfaces.current();
  const entry = surfaces.byToken(session.token);
  if (!entry) throw new ApiError(401, ERROR_CODES.invalidClientToken, 'The session’s client token was revoked.');
  const origin = requireOrigin(c, entry);
  if (origin !== session.origin)
    throw new ApiError(403, ERROR_CODES.originNotAllowed, 'The session was opened from another origin.');
  if (Date.parse(session.expiresAt) <= Date.now())
    throw new ApiError(401, ERROR_CODES.sessionExpired, 'The session expired; call /v1/client/init again.');
  return { session, entry, origin, surfaces };
}

/**
 * Records the origin's request (counted in `origins`, see `origin-tally.ts`) and the policy's decision
 * on each offered tool, in one batched write, before the stream starts (so the stream itself is never
 * slowed by it).
 */
export async function recordBoundary(
  { store, origins, warn = warnTo(undefined) }: { store: Store; origins: OriginTally; warn?: Warn | undefined },
  surfaceId: string,
  origin: string,
  decisions: readonly RecordedDecision[],
): Promise<void> {
  const at = new Date().toISOString();
  try {
    await Promise.all([
      decisions.length > 0 ? store.recordToolSightings(surfaceId, origin, decisions, at) : undefined,
      origins.record(surfaceId, origin, at),
    ]);
  } catch (error) {
    // Sightings are diagnostics for the console: failing to write them must not refuse the chat.
    warn('sightings.record_failed', { surfaceId, origin, error }, 'could not record tool sightings');
  }
}
