/**
 * The client-token routes (DESIGN §4): `init`, `chat`, `resume`. Browsers call these; the
 * server-observed `Origin` is checked against the token's `allowedOrigins` on every request.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { chatMessageSchema, chatRequestSchema, initRequestSchema, resumeRequestSchema } from '../../bridge/protocol/schemas.js';
import { LIMITS, LIMIT_CODES, type ClientTool, type StreamEvent } from '../../bridge/protocol/index.js';
import { Engine, normaliseOutput, type AgentRuntime } from '../engine/engine.js';
import { admitTools, validateClientTools } from '../engine/client-tools.js';
import { newId } from '../engine/ids.js';
import { readBody } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import { SSE_HEADERS, sseBody } from '../http/sse.js';
import type { RunRecord, SessionRecord, Store } from '../store/index.js';
import type { Surfaces, TokenEntry } from '../surfaces.js';

export interface ClientRoutesDeps {
  store: Store;
  surfaces: Surfaces;
  engine: Engine;
  agent(id: string): AgentRuntime;
  sessionTtlMs: number;
  pausedTtlMs: number;
  pingMs?: number;
}

/** The chat body without the message-count cap, which is checked below to answer with its own code. */
const chatBodySchema = chatRequestSchema.extend({ messages: z.array(chatMessageSchema) });

/** Keep this many full tool arrays per session for the send-once protocol. */
const MAX_TOOL_SETS = 8;

export function clientRoutes(deps: ClientRoutesDeps): Hono {
  const app = new Hono();

  app.post('/init', async (c) => {
    const body = await readBody(c, initRequestSchema);
    const entry = deps.surfaces.byToken(body.token);
    if (!entry) throw new ApiError(401, 'invalid_client_token', 'The client token is unknown or revoked.');
    const origin = requireOrigin(c, entry);
    const now = Date.now();
    let session = body.sessionId ? await deps.store.getSession(body.sessionId) : undefined;
    const reusable = session && session.token === entry.token && session.origin === origin && Date.parse(session.expiresAt) > now;
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
    const surface = entry.surface;
    return c.json({
      sessionId: session!.id,
      expiresAt: session!.expiresAt,
      flow: { id: entry.surfaceId, name: entry.surfaceId },
      config: {
        welcomeMessage: surface.welcomeMessage,
        ...(surface.placeholder ? { placeholder: surface.placeholder } : {}),
        webmcp: entry.webmcp,
      },
    });
  });

  app.post('/chat', async (c) => {
    const body = await readBody(c, chatBodySchema);
    const { session, entry, origin } = await authorise(c, body.sessionId);
    if (body.messages.length > LIMITS.maxMessages) {
      throw new ApiError(400, LIMIT_CODES.tooManyMessages, `At most ${LIMITS.maxMessages} messages per request; got ${body.messages.length}.`);
    }
    const last = body.messages.at(-1);
    if (!last || last.role !== 'user') throw new ApiError(400, 'user_message_required', 'The last message must be the new user message.');
    if (last.content.length > LIMITS.maxMessageLength) {
      throw new ApiError(400, LIMIT_CODES.messageTooLong, `A message is limited to ${LIMITS.maxMessageLength} characters.`);
    }
    if (last.content.trim() === '') throw new ApiError(400, 'message_empty', 'The message is empty.');
    const tools = await resolveTools(session, body.clientTools, body.clientToolsFingerprint);
    const { admitted } = admitTools(tools, entry.policy, origin);
    const { events } = await deps.engine.start({ session, agent: deps.agent(entry.surface.agent), userText: last.content, tools: admitted });
    return stream(c, events);
  });

  app.post('/resume', async (c) => {
    const body = await readBody(c, resumeRequestSchema);
    const { session, entry, origin } = await authorise(c, body.sessionId);
    const run = await deps.store.getRun(body.executionId);
    if (!run || run.sessionId !== session.id) throw new ApiError(404, 'execution_not_found', 'No such execution in this session.');
    if (run.status !== 'awaiting') throw new ApiError(409, 'execution_not_awaiting', `The execution is ${run.status}; it is not waiting for tool outputs.`);
    if (run.pausedAt && Date.parse(run.pausedAt) + deps.pausedTtlMs < Date.now()) {
      run.status = 'expired';
      run.version += 1;
      await deps.store.saveRun(run);
      throw new ApiError(410, 'execution_expired', 'The paused execution waited too long for tool outputs and has expired.');
    }
    const outputs = matchOutputs(run, body.toolOutputs);
    let tools: ClientTool[] | undefined;
    if (body.clientTools || body.clientToolsFingerprint) {
      tools = admitTools(await resolveTools(session, body.clientTools, body.clientToolsFingerprint), entry.policy, origin).admitted;
    }
    const claimed = await deps.store.claimRun(run.id, run.version);
    if (!claimed) throw new ApiError(409, 'execution_not_awaiting', 'These tool outputs were already submitted.');
    const events = deps.engine.resume({ run: claimed, agent: deps.agent(claimed.agentId), outputs, ...(tools ? { tools } : {}) });
    return stream(c, events);
  });

  function stream(c: Context, events: AsyncIterable<StreamEvent>) {
    return c.body(sseBody(events, deps.pingMs), 200, SSE_HEADERS);
  }

  async function authorise(c: Context, sessionId: string): Promise<{ session: SessionRecord; entry: TokenEntry; origin: string }> {
    const session = await deps.store.getSession(sessionId);
    if (!session) throw new ApiError(401, 'session_not_found', 'Unknown session; call /v1/client/init again.');
    const entry = deps.surfaces.byToken(session.token);
    if (!entry) throw new ApiError(401, 'invalid_client_token', 'The session’s client token was revoked.');
    const origin = requireOrigin(c, entry);
    if (origin !== session.origin) throw new ApiError(403, 'origin_not_allowed', 'The session was opened from another origin.');
    if (Date.parse(session.expiresAt) <= Date.now()) throw new ApiError(401, 'session_expired', 'The session expired; call /v1/client/init again.');
    return { session, entry, origin };
  }

  async function resolveTools(session: SessionRecord, raw: unknown[] | undefined, fingerprint: string | undefined): Promise<ClientTool[]> {
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
      if (!known) throw new ApiError(409, 'client_tools_resend_required', 'Unknown clientToolsFingerprint for this session; send the full clientTools array.');
      return known;
    }
    return [];
  }

  return app;
}

/** The server-observed `Origin`, which must be one of the token's `allowedOrigins`. */
function requireOrigin(c: Context, entry: TokenEntry): string {
  const origin = c.req.header('origin');
  if (!origin) throw new ApiError(403, 'origin_not_allowed', 'Browser requests must carry an Origin header.');
  if (!entry.allows(origin)) throw new ApiError(403, 'origin_not_allowed', `The origin ${origin} is not allowed for this client token.`);
  return origin;
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
    throw new ApiError(400, 'unknown_tool_call', `toolOutputs has "${key}", which is not a pending tool call of this execution.`);
  }
  for (const p of pending) {
    if (!outputs.has(p.toolCallId)) outputs.set(p.toolCallId, { text: `No output was submitted for ${p.bareName}.`, isError: true });
  }
  return outputs;
}
