/**
 * The API-key routes (docs/architecture.md §7): `POST /v1/dispatch` starts a run of an agent the
 * key may use and `POST /v1/dispatch/resume` answers its pause, exactly once, under the resume rules
 * of `server/runs/` shared with the browser path. `Authorization: Bearer <key>`; no `Origin` needed
 * and CORS never granted, so a page cannot call these with a key it should not hold.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { dispatchRequestSchema, dispatchResumeRequestSchema } from '../../bridge/protocol/dispatch.js';
import { ERROR_CODES, LIMITS, LIMIT_CODES } from '../../bridge/protocol/index.js';
import { mayUse, type ApiKeys } from '../auth/api-keys.js';
import { dispatchClientTools } from '../dispatch/client-tools.js';
import { conversation, dispatchSession } from '../dispatch/conversation.js';
import { collectResult } from '../dispatch/result.js';
import { buildRuntimeTools, dispatchAgent } from '../dispatch/run-agent.js';
import { RunSecrets } from '../dispatch/run-secrets.js';
import { parseRuntimeTools, requireSecrets } from '../dispatch/runtime-tools.js';
import type { AgentRuntime, Engine } from '../engine/engine.js';
import type { EventHub } from '../engine/hub.js';
import { readBody } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import { checkResumable, continueRun } from '../runs/index.js';
import type { Store } from '../store/index.js';
import { streamResponse } from './stream.js';

/** What the dispatch routes need from the app. */
export interface DispatchRoutesDeps {
  store: Store;
  engine: Engine;
  apiKeys: ApiKeys;
  agent(id: string): AgentRuntime | undefined;
  /** `dispatch.allowedHosts` from the config: where runtime tools may send requests (any host without it). */
  allowedHosts?: readonly string[] | undefined;
  sessionTtlMs: number;
  pausedTtlMs: number;
  /** The request secrets of runs in this process. */
  secrets: RunSecrets;
  pingMs?: number;
}

/** The `/v1/dispatch` routes. */
export function dispatchRoutes(deps: DispatchRoutesDeps): Hono {
  const app = new Hono();

  app.post('/', async (c) => {
    // The key first: a caller without one learns nothing about the body's shape.
    const holder = deps.apiKeys.authorize(c);
    const body = await readBody(c, dispatchRequestSchema, LIMITS.maxDispatchBodyBytes);
    const agentId = 'id' in body.agent ? body.agent.id : body.agent.agentId;
    const base = mayUse(holder, agentId) ? deps.agent(agentId) : undefined;
    if (!base) throw new ApiError(403, ERROR_CODES.apiKeyForbidden, `This API key may not use the agent "${agentId}".`);
    const { history, userText } = conversation(body.messages);
    const clientTools = dispatchClientTools(body.clientTools, body.clientToolsPolicy?.allowlist);
    const runtimeTools = parseRuntimeTools(body.runtimeTools ?? [], deps.allowedHosts);
    const secrets = requestSecrets(body.secrets);
    requireSecrets(runtimeTools, secrets, 'request');
    const agent = dispatchAgent(base, buildRuntimeTools(runtimeTools, secrets), clientTools, secrets);
    const session = dispatchSession(holder, history, deps.sessionTtlMs);
    await deps.store.saveSession(session);
    const { run, events } = await deps.engine.start({
      session,
      agent,
      userText,
      tools: clientTools,
      record: {
        dispatch: { apiKeyId: holder.id, runtimeTools: runtimeTools as unknown as Array<Record<string, unknown>> },
        ...(body.maxToolCalls !== undefined ? { maxToolCalls: body.maxToolCalls } : {}),
      },
    });
    if (runtimeTools.length > 0) deps.secrets.hold(run.id, secrets, events);
    return respond(c, run.id, events, body.streamResponse ?? body.options?.streamResponse ?? true, deps.pingMs);
  });

  app.post('/resume', async (c) => {
    const holder = deps.apiKeys.authorize(c);
    const body = await readBody(c, dispatchResumeRequestSchema, LIMITS.maxDispatchBodyBytes);
    const stored = await deps.store.getRun(body.executionId);
    // A browser run is not this path's to answer, whoever asks.
    if (!stored?.dispatch) throw new ApiError(404, ERROR_CODES.executionNotFound, 'No such API-key execution.');
    const base = mayUse(holder, stored.agentId) ? deps.agent(stored.agentId) : undefined;
    if (!base)
      throw new ApiError(403, ERROR_CODES.apiKeyForbidden, `This API key may not use the agent "${stored.agentId}".`);
    const { run, outputs } = await checkResumable(deps.store, {
      sessionId: stored.sessionId,
      executionId: body.executionId,
      toolOutputs: body.toolOutputs,
      pausedTtlMs: deps.pausedTtlMs,
    });
    const runtimeTools = parseRuntimeTools(run.dispatch?.runtimeTools ?? [], deps.allowedHosts);
    const secrets = deps.secrets.get(run.id, requestSecrets(body.secrets));
    // Checked before the claim: a resume refused here leaves the pause answerable.
    requireSecrets(runtimeTools, secrets, 'resume');
    const agent = dispatchAgent(base, buildRuntimeTools(runtimeTools, secrets), run.tools, secrets);
    const events = await continueRun(deps.engine, { run, agent, outputs });
    if (runtimeTools.length > 0) deps.secrets.hold(run.id, secrets, events);
    return respond(c, run.id, events, body.streamResponse ?? true, deps.pingMs);
  });

  return app;
}

/**
 * For the browser routes: a request carrying a valid API key is refused (401 `api_key_not_accepted`)
 * — a secret key has no place in a page, and these routes would not honour it anyway.
 */
export function refuseApiKeys(apiKeys: ApiKeys): MiddlewareHandler {
  return async (c, next) => {
    if (apiKeys.find(c.req.header('authorization'))) {
      throw new ApiError(
        401,
        ERROR_CODES.apiKeyNotAccepted,
        'API keys are for /v1/dispatch; browser routes take a client token and must never see a secret key.',
      );
    }
    await next();
  };
}

function requestSecrets(values: Readonly<Record<string, string>> | undefined) {
  const count = Object.keys(values ?? {}).length;
  if (count > LIMITS.maxRequestSecrets) {
    throw new ApiError(
      400,
      LIMIT_CODES.tooManyRequestSecrets,
      `secrets: at most ${LIMITS.maxRequestSecrets} entries; got ${count}.`,
    );
  }
  return RunSecrets.from(values);
}

async function respond(
  c: Context,
  executionId: string,
  events: EventHub,
  stream: boolean,
  pingMs: number | undefined,
): Promise<Response> {
  if (stream) return streamResponse(c, (signal) => events.batches(0, signal), pingMs);
  return c.json(await collectResult(executionId, events.follow(0)));
}
