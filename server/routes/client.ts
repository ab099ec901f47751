/**
 * The client-token routes (DESIGN §4): `init`, `chat`, `resume`, and `stream` (reconnect, in
 * `stream.ts`). Browsers call these; the server-observed `Origin` is checked against the token's
 * `allowedOrigins` on every request, and `init`/`chat` count against the rate limits.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import {
  chatMessageSchema,
  chatRequestSchema,
  initRequestSchema,
  resumeRequestSchema,
} from '../../bridge/protocol/schemas.js';
import { LIMITS, LIMIT_CODES, type ClientTool } from '../../bridge/protocol/index.js';
import { type Engine, normaliseOutput, type AgentRuntime } from '../engine/engine.js';
import { admitTools, validateClientTools } from '../engine/client-tools.js';
import type { FollowOptions } from '../engine/follow.js';
import { newId } from '../engine/ids.js';
import { readBody } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import type { RateLimits } from '../http/rate-limit.js';
import type { RunRecord, SessionRecord, Store } from '../store/index.js';
import type { Surfaces } from '../surfaces.js';
import { authorise, recordBoundary, requireOrigin } from './access.js';
import { streamRoute, streamResponse } from './stream.js';

/** What the client routes need from the app. */
export interface ClientRoutesDeps {
  store: Store;
  surfaces: Surfaces;
  engine: Engine;
  agent(id: string): AgentRuntime;
  limits: RateLimits;
  sessionTtlMs: number;
  pausedTtlMs: number;
  pingMs?: number;
  /** How `/stream` follows a run executing elsewhere. */
  follow?: FollowOptions;
}

/** The chat body without the message-count cap, which is checked below to answer with its own code. */
const chatBodySchema = chatRequestSchema.extend({ messages: z.array(chatMessageSchema) });

/** Keep this many full tool arrays per session for the send-once protocol. */
const MAX_TOOL_SETS = 8;

/** The `/v1/client` routes. */
export function clientRoutes(deps: ClientRoutesDeps): Hono {
  const app = new Hono();

  app.post('/init', async (c) => {
    const body = await readBody(c, initRequestSchema);
    const entry = (await deps.surfaces.current()).byToken(body.token);
    if (!entry) throw new ApiError(401, 'invalid_client_token', 'The client token is unknown or revoked.');
    const origin = requireOrigin(c, entry);
    deps.limits.charge(entry.token);
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
    await recordBoundary(deps.store, entry.surfaceId, origin, []);
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
    const { session, entry, origin } = await authorise(deps, c, body.sessionId);
    deps.limits.charge(entry.token, session.id);
    if (body.messages.length > LIMITS.maxMessages) {
      throw new ApiError(
        400,
        LIMIT_CODES.tooManyMessages,
        `At most ${LIMITS.maxMessages} messages per request; got ${body.messages.length}.`,
      );
    }
    const last = body.messages.at(-1);
    if (!last || last.role !== 'user')
      throw new ApiError(400, 'user_message_required', 'The last message must be the new user message.');
    if (last.content.length > LIMITS.maxMessageLength) {
      throw new ApiError(
        400,
        LIMIT_CODES.messageTooLong,
        `A message is limited to ${LIMITS.maxMessageLength} characters.`,
      );
    }
    if (last.content.trim() === '') throw new ApiError(400, 'message_empty', 'The message is empty.');
    const tools = await resolveTools(session, body.clientTools, body.clientToolsFingerprint);
    const { admitted, decisions } = admitTools(tools, entry.policy, origin);
    await recordBoundary(deps.store, entry.surfaceId, origin, decisions);
    const { events } = await deps.engine.start({
      session,
      agent: deps.agent(entry.surface.agent),
      userText: last.content,
      tools: admitted,
    });
    return streamResponse(c, (signal) => events.follow(0, signal), deps.pingMs);
  });

  app.post('/resume', async (c) => {
    const body = await readBody(c, resumeRequestSchema);
    // Not rate-limited (DESIGN §4): a paused run must always be answerable, and only a chat can pause one.
    const { session, entry, origin } = await authorise(deps, c, body.sessionId);
    const run = await deps.store.getRun(body.executionId);
    if (!run || run.sessionId !== session.id)
      throw new ApiError(404, 'execution_not_found', 'No such execution in this session.');
    if (run.status === 'expired') throw expired();
    if (run.status !== 'awaiting')
      throw new ApiError(
        409,
        'execution_not_awaiting',
        `The execution is ${run.status}; it is not waiting for tool outputs.`,
      );
    const cutoff = new Date(Date.now() - deps.pausedTtlMs).toISOString();
    if (run.pausedAt && run.pausedAt < cutoff) {
      // The store's compare-and-set expiry, not a save of this stale copy, which could undo a racing claim.
      await deps.store.expirePausedRuns(cutoff);
      throw expired();
    }
    const outputs = matchOutputs(run, body.toolOutputs);
    let tools: ClientTool[] | undefined;
    let decisions: ReturnType<typeof admitTools>['decisions'] = [];
    if (body.clientTools || body.clientToolsFingerprint) {
      ({ admitted: tools, decisions } = admitTools(
        await resolveTools(session, body.clientTools, body.clientToolsFingerprint),
        entry.policy,
        origin,
      ));
    }
    await recordBoundary(deps.store, entry.surfaceId, origin, decisions);
    const claimed = await deps.store.claimRun(run.id, run.version);
    if (!claimed) throw new ApiError(409, 'execution_not_awaiting', 'These tool outputs were already submitted.');
    const events = deps.engine.resume({
      run: claimed,
      agent: deps.agent(claimed.agentId),
      outputs,
      ...(tools ? { tools } : {}),
    });
    return streamResponse(c, (signal) => events.follow(0, signal), deps.pingMs);
  });

  streamRoute(app, deps);

  async function resolveTools(
    session: SessionRecord,
    raw: unknown[] | undefined,
    fingerprint: string | undefined,
  ): Promise<ClientTool[]> {
    if (raw) {
      const tools = validateClientTools(raw);
      if (fingerprint) {
        // Re-read before writing: a run of this session may have appended to its transcript meanwhile.
        const fresh = (await deps.store.getSession(session.id)) ?? session;
        const sets = { ...fresh.toolSets, [fingerprint]: tools };
        const keys = Object.keys(sets);
        for (const old of keys.slice(0, Math.max(0, keys.length - MAX_TOOL_SETS))) delete sets[old];
        fresh.toolSets = sets;
        await deps.store.saveSession(fresh);
      }
      return tools;
    }
    if (fingerprint) {
      const known = session.toolSets[fingerprint];
      if (!known)
        throw new ApiError(
          409,
          'client_tools_resend_required',
          'Unknown clientToolsFingerprint for this session; send the full clientTools array.',
        );
      return known;
    }
    return [];
  }

  return app;
}

function expired(): ApiError {
  return new ApiError(
    410,
    'execution_expired',
    'The paused execution waited too long for tool outputs and has expired.',
  );
}

/** Maps resume outputs onto the pending calls: by id, or by tool name when one call is pending. */
function matchOutputs(
  run: Pick<RunRecord, 'pending' | 'history'>,
  toolOutputs: Record<string, Parameters<typeof normaliseOutput>[0]>,
): Map<string, { text: string; isError: boolean }> {
  const { pending } = run;
  const outputs = new Map<string, { text: string; isError: boolean }>();
  const ids = new Set(pending.map((p) => p.toolCallId));
  for (const [key, output] of Object.entries(toolOutputs)) {
    if (ids.has(key)) {
      outputs.set(key, normaliseOutput(output));
      continue;
    }
    const only = pending.length === 1 ? pending[0]! : undefined;
    if (only && (key === only.bareName || key === only.canonicalName)) {
      outputs.set(only.toolCallId, normaliseOutput(output));
      continue;
    }
    // A call of an earlier pause of this run that was already answered: a repeated resume, not a new answer.
    if (run.history.some((m) => m.role === 'tool' && m.toolCallId === key)) {
      throw new ApiError(409, 'execution_not_awaiting', `The output for "${key}" was already submitted.`);
    }
    throw new ApiError(
      400,
      'unknown_tool_call',
      `toolOutputs has "${key}", which is not a pending tool call of this execution.`,
    );
  }
  for (const p of pending) {
    if (!outputs.has(p.toolCallId))
      outputs.set(p.toolCallId, { text: `No output was submitted for ${p.bareName}.`, isError: true });
  }
  return outputs;
}
