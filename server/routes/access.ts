/**
 * Who may use a client route: the server-observed `Origin` against the token's `allowedOrigins`,
 * and a session that exists, is unexpired, and was opened by the same token from the same origin.
 * Also what the boundary saw: origins and offered tools, recorded for the admin console.
 */
import type { Context } from 'hono';
import type { PolicyReason } from '../../bridge/policy/index.js';
import { ApiError } from '../http/errors.js';
import type { SessionRecord, Store } from '../store/index.js';
import type { SurfaceSet, Surfaces, TokenEntry } from '../surfaces.js';

/** An authorised request on an existing session. */
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
  if (!origin) throw new ApiError(403, 'origin_not_allowed', 'Browser requests must carry an Origin header.');
  if (!entry.allows(origin))
    throw new ApiError(403, 'origin_not_allowed', `The origin ${origin} is not allowed for this client token.`);
  return origin;
}

/**
 * Checks a request on `sessionId`: 401 `session_not_found` / `invalid_client_token` (revoked) /
 * `session_expired`, 403 `origin_not_allowed` for a foreign or missing `Origin`.
 */
export async function authorise(
  deps: { store: Store; surfaces: Surfaces },
  c: Context,
  sessionId: string,
): Promise<SessionAccess> {
  const session = await deps.store.getSession(sessionId);
  if (!session) throw new ApiError(401, 'session_not_found', 'Unknown session; call /v1/client/init again.');
  const surfaces = await deps.surfaces.current();
  const entry = surfaces.byToken(session.token);
  if (!entry) throw new ApiError(401, 'invalid_client_token', 'The session’s client token was revoked.');
  const origin = requireOrigin(c, entry);
  if (origin !== session.origin)
    throw new ApiError(403, 'origin_not_allowed', 'The session was opened from another origin.');
  if (Date.parse(session.expiresAt) <= Date.now())
    throw new ApiError(401, 'session_expired', 'The session expired; call /v1/client/init again.');
  return { session, entry, origin, surfaces };
}

/** What the policy said about one offered tool. */
export interface ToolDecision {
  toolName: string;
  status: 'admitted' | 'rejected';
  /** The policy's reason, or `shadows_server_tool` for a page tool named like one of the agent's server tools. */
  reason: PolicyReason | 'shadows_server_tool';
}

/**
 * Records the origin's request and the policy's decision on each offered tool, in one batched
 * write per kind, before the stream starts (so the stream itself is never slowed by it).
 */
export async function recordBoundary(
  store: Store,
  surfaceId: string,
  origin: string,
  decisions: readonly ToolDecision[],
): Promise<void> {
  const at = new Date().toISOString();
  try {
    await Promise.all([
      decisions.length > 0 ? store.recordToolSightings(surfaceId, origin, decisions, at) : undefined,
      store.recordOrigin(surfaceId, origin, at),
    ]);
  } catch (error) {
    // Sightings are diagnostics for the console: failing to write them must not refuse the chat.
    console.warn('[webmcp-chat] could not record tool sightings', error);
  }
}
