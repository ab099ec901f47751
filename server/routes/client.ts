/**
 * The client-token routes (docs/architecture.md): `init`, `chat`, `resume`, and `stream` (reconnect, in
 * `stream.ts`). Browsers call these; the server-observed `Origin` is checked against the token's
 * `allowedOrigins` on every request; `init`, `chat` and `stream` count against the rate limits.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  chatMessageSchema,
  chatRequestSchema,
  droppedToolSchema,
  initRequestSchema,
  resumeRequestSchema,
} from '../../bridge/protocol/schemas.js';
import { ERROR_CODES, LIMITS, LIMIT_CODES, type ClientTool } from '../../bridge/protocol/index.js';
import type { Engine, AgentRuntime } from '../engine/engine.js';
import type { FollowOptions } from '../engine/follow.js';
import { newId } from '../engine/ids.js';
import { readBody } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import type { RateLimits } from '../http/rate-limit.js';
import { checkResumable, continueRun, newUserText } from '../runs/index.js';
import type { RecordedDecision, Store } from '../store/index.js';
import { SHADOWS_SERVER_TOOL, admitTools, resolveClientTools, withoutShadowing } from '../tools/index.js';
import type { ToolPolicy } from '../../bridge/policy/index.js';
import type { Surfaces } from '../surfaces.js';
import { authorize, recordBoundary, requireOrigin } from './access.js';
import { requirePageTools } from '../dispatch/client-tools.js';
import { streamRoute, streamResponse } from './stream.js';
import type { OriginTally } from './origin-tally.js';
import type { Warn } from '../engine/warn.js';

/** What the client routes need from the app. */
export interface ClientRoutesDeps {
  store: Store;
  /** Counts each origin's requests for the console (batched writes). */
  origins: OriginTally;
  /** Where a failure the request survives is reported (sightings that could not be stored). */
  warn?: Warn;
  surfaces: Surfaces;
  engine: Engine;
  agent(id: string): AgentRuntime;
  limits: RateLimits;
  /** The client address a request's limits are keyed by (see `limits.trustedProxies`). */
  clientAddress(c: Context): string;
  sessionTtlMs: number;
  pausedTtlMs: number;
  pingMs?: number;
  /** How `/stream` follows a run executing elsewhere. */
  follow?: FollowOptions;
}

/** The chat body without the message-count cap, which is checked below to answer with its own code. */
const chatBodySchema = chatRequestSchema.extend({
  messages: z.array(chatMessageSchema),
  droppedTools: z.array(droppedToolSchema.extend({ name: z.string().min(1) })).optional(),
});

/** The `/v1/client` routes. */
export function clientRoutes(deps: ClientRoutesDeps): Hono {
  const app = new Hono();

  app.post('/init', async (c) => {
    const body = await readBody(c, initRequestSchema);
    const entry = (await deps.surfaces.current()).byToken(body.token);
    if (!entry) throw new ApiError(401, ERROR_CODES.invalidClientToken, 'The client token is unknown or revoked.');
    const origin = requireOrigin(c, entry);
    await deps.limits.charge(entry.token, deps.clientAddress(c));
    const now = Date.now();
    let session = body.sessionId ? await deps.store.getSession(body.sessionId) : undefined;
    const reusable =
      session && session.token === entry.token && session.origin === origin && Date.parse(session.expiresAt) > now;
    if (!reusable) {
      session = {
        id: newId('cs'),
        surfaceId: entry.surfaceId,
        token: entry.token,
        origin,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + deps.sessionTtlMs).toISOString(),
        transcript: [],
        toolSets: {},
      };
      await deps.store.saveSession(session);
    }
    await recordBoundary(deps, entry.surfaceId, origin, []);
    const surface = entry.surface;
    return c.json({
      sessionId: session!.id,
      expiresAt: session!.expiresAt,
      flow: { id: entry.surfaceId, name: entry.surfaceId },
      config: {
        welcomeMessage: surface.welcomeMessage,
        ...(surface.placeholder ? { placeholder: surface.placeholder } : {}),
        ...(surface.suggestions?.length ? { suggestions: surface.suggestions } : {}),
        webmcp: entry.webmcp,
      },
    });
  });

  app.post('/chat', async (c) => {
    const body = await readBody(c, chatBodySchema);
    const { session, entry, origin } = await authorize(deps, c, body.sessionId);
    await deps.limits.charge(entry.token, deps.clientAddress(c), session.id);
    const userText = newUserText(body.messages);
    const agent = deps.agent(entry.surface.agent);
    const reported = droppedSightings(body.droppedTools);
    const offered = await resolveClientTools(deps.store, session, body.clientTools, body.clientToolsFingerprint);
    requirePageTools(offered);
    const { tools, decisions } = admitPageTools(offered, entry.policy, origin, agent);
    // The server's own decision on a name wins over the widget's report about it.
    const decided = new Set(decisions.map((d) => d.toolName));
    await recordBoundary(deps, entry.surfaceId, origin, [
      ...reported.filter((r) => !decided.has(r.toolName)),
      ...decisions,
    ]);
    const { events } = await deps.engine.start({ session, agent, userText, tools });
    return streamResponse(c, (signal) => events.batches(0, signal), deps.pingMs);
  });

  app.post('/resume', async (c) => {
    const body = await readBody(c, resumeRequestSchema);
    // Not rate-limited (docs/architecture.md): a paused run must always be answerable, and only a chat can pause one.
    const { session, entry, origin } = await authorize(deps, c, body.sessionId);
    const { run, outputs } = await checkResumable(deps.store, {
      sessionId: session.id,
      executionId: body.executionId,
      toolOutputs: body.toolOutputs,
      pausedTtlMs: deps.pausedTtlMs,
    });
    const agent = deps.agent(run.agentId);
    let tools: ClientTool[] | undefined;
    let decisions: RecordedDecision[] = [];
    if (body.clientTools || body.clientToolsFingerprint) {
      const offered = await resolveClientTools(deps.store, session, body.clientTools, body.clientToolsFingerprint);
      requirePageTools(offered);
      ({ tools, decisions } = admitPageTools(offered, entry.policy, origin, agent));
    }
    await recordBoundary(deps, entry.surfaceId, origin, decisions);
    const events = await continueRun(deps.engine, {
      run,
      agent,
      outputs,
      session,
      ...(body.toolDurations ? { durations: body.toolDurations } : {}),
      ...(tools ? { tools } : {}),
    });
    return streamResponse(c, (signal) => events.batches(0, signal), deps.pingMs);
  });

  streamRoute(app, deps);

  return app;
}

/**
 * The page tools a run may call: the surface policy's admitted ones, less any named like one of the
 * agent's server tools (reported as rejected, `shadows_server_tool`).
 */
function admitPageTools(
  offered: readonly ClientTool[],
  policy: ToolPolicy,
  origin: string,
  agent: AgentRuntime,
): { tools: ClientTool[]; decisions: RecordedDecision[] } {
  const { admitted, decisions } = admitTools(offered, policy, origin);
  const { kept, dropped } = withoutShadowing(admitted, agent.serverTools ?? []);
  const shadowed = new Set(dropped.map((t) => t.name));
  return {
    tools: kept,
    decisions: decisions.map((d) =>
      shadowed.has(d.toolName) ? { ...d, status: 'rejected', reason: SHADOWS_SERVER_TOOL } : d,
    ),
  };
}

/** The page tools the widget left out, as rejected sightings with the widget's reason (checked against the limits). */
function droppedSightings(
  dropped: ReadonlyArray<{ name: string; reason: string }> | undefined,
): Array<{ toolName: string; status: 'rejected'; reason: string }> {
  if (!dropped) return [];
  if (dropped.length > LIMITS.maxDroppedTools) {
    throw new ApiError(
      400,
      LIMIT_CODES.tooManyDroppedTools,
      `droppedTools: at most ${LIMITS.maxDroppedTools} entries; got ${dropped.length}.`,
    );
  }
  const long = dropped.findIndex((d) => d.name.length > LIMITS.maxDroppedToolName);
  if (long >= 0) {
    throw new ApiError(
      400,
      LIMIT_CODES.droppedToolNameTooLong,
      `droppedTools.${long}.name: at most ${LIMITS.maxDroppedToolName} characters.`,
    );
  }
  return dropped.map((d) => ({ toolName: d.name, status: 'rejected', reason: d.reason }));
}
