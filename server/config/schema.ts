/**
 * The server's config file (architecture.md §5). Strict: unknown keys and bad values are refused at start
 * with the path of the offending key. Secrets are `{ "env": "NAME" }` references, never literals.
 */
import { z } from 'zod';
import { originRuleSchema, webmcpSettingsSchema } from '../../bridge/protocol/schemas.js';
import { compileOrigin, globProblem } from '../../bridge/policy/index.js';
import { serverToolSchema, toolConfigIssues, toolSecretsSchema } from '../tools/config.js';
import { WEBHOOK_EVENT_TYPES } from '../webhooks/events.js';
import { DEFAULT_HISTORY_BUDGET } from '../engine/history-budget.js';
import { isAddressPattern } from '../http/client-address.js';

export const secretRefSchema = z.strictObject({
  env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'),
});
export type SecretRef = z.infer<typeof secretRefSchema>;

const originPattern = z.string().refine((value) => {
  try {
    compileOrigin(value);
    return true;
  } catch {
    return false;
  }
}, 'an origin like https://shop.example.com, https://*.example.com or *');

/** Settings shared by the real providers: generation limits, extra headers and time limits. */
const providerSettings = {
  maxOutputTokens: z.number().int().min(1).max(1_000_000).optional(),
  temperature: z.number().min(0).max(2).optional(),
  /** Extra request headers; a value may be a `{ "env": … }` secret (e.g. a gateway key). */
  headers: z
    .record(
      z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'an HTTP header name'),
      z.union([z.string(), secretRefSchema]),
    )
    .optional(),
  /** The whole request (default 300000 ms). */
  timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  /** The longest silence from the provider (default 60000 ms). */
  idleTimeoutMs: z.number().int().min(50).max(3_600_000).optional(),
};

const modelSchema = z.union([
  z.literal('offline'),
  z.strictObject({ provider: z.literal('offline'), wordDelayMs: z.number().int().min(0).max(1000).optional() }),
  z.strictObject({
    provider: z.literal('openai-compatible'),
    baseURL: z.url(),
    model: z.string().min(1),
    apiKey: secretRefSchema.optional(),
    ...providerSettings,
  }),
  z.strictObject({
    provider: z.literal('anthropic'),
    model: z.string().min(1),
    baseURL: z.url().optional(),
    apiKey: secretRefSchema.optional(),
    ...providerSettings,
  }),
]);

const agentSchema = z.strictObject({
  model: modelSchema,
  instructions: z.string().max(32_000).optional(),
  maxSteps: z.number().int().min(1).max(50).default(8),
  /**
   * What of a long conversation the model is sent: at most `maxMessages` messages and `maxChars`
   * characters; over it, the oldest tool results are shortened first, then the oldest turns dropped.
   */
  history: z
    .strictObject({
      maxMessages: z.number().int().min(2).max(10_000).default(DEFAULT_HISTORY_BUDGET.maxMessages),
      maxChars: z.number().int().min(1_000).max(10_000_000).default(DEFAULT_HISTORY_BUDGET.maxChars),
    })
    .default(DEFAULT_HISTORY_BUDGET),
  /** Tools the server runs itself (`http`, `webhook`, `code`, `agent`), offered on every surface of the agent. */
  tools: z.array(serverToolSchema).max(64).default([]),
  /** Secrets the tools use as `{{secrets.NAME}}`, each read from an environment variable. */
  secrets: toolSecretsSchema.default({}),
});

const clientTokenSchema = z.strictObject({
  token: z.string().regex(/^ct_(live|test)_[A-Za-z0-9_-]{4,120}$/, 'a client token like ct_live_… or ct_test_…'),
  allowedOrigins: z.array(originPattern).min(1),
});

/**
 * The surface's WebMCP settings, strict at every depth (the wire schema is shallow: a typo inside an
 * allowlist rule would be dropped silently) and with each rule origin checked like `allowedOrigins`
 * (the policy treats a bad pattern as matching nothing, so it must be reported here).
 */
const webmcpConfigSchema = webmcpSettingsSchema
  .extend({
    allowlist: z
      .array(
        originRuleSchema
          .extend({
            origin: originPattern,
            tools: z
              .array(
                z.string().superRefine((glob, ctx) => {
                  const problem = globProblem(glob);
                  if (problem) ctx.addIssue({ code: 'custom', message: `the tool glob ${problem}` });
                }),
              )
              .max(256),
          })
          .strict(),
      )
      .max(256)
      .optional(),
  })
  .strict();

/**
 * A webhook endpoint: where the surface's `tool.calls_*` events are POSTed, signed (Standard
 * Webhooks) with the secret in an environment variable (`whsec_…`); `events` narrows which.
 */
const webhookSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }),
  secret: secretRefSchema,
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).optional(),
});

/** One surface, as in the config file's `surfaces` and in the admin API's `PUT /v1/admin/surfaces/:id`. */
export const surfaceSchema = z.strictObject({
  agent: z.string(),
  welcomeMessage: z.string().max(2000).default('Hi! How can I help?'),
  placeholder: z.string().max(200).optional(),
  /** Starter questions the widget shows as chips before the first message. */
  suggestions: z.array(z.string().min(1).max(200)).max(8).optional(),
  clientTokens: z.array(clientTokenSchema).default([]),
  behavior: z.strictObject({ webmcp: webmcpConfigSchema.optional() }).optional(),
  webhooks: z.array(webhookSchema).max(16).optional(),
});

/** Surface and agent ids. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Names every object inherits (`constructor`, `toString`, `__proto__`, …): refused as agent and
 * surface ids so that no lookup of an id can ever reach `Object.prototype`.
 */
export const RESERVED_IDS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Why `id` cannot be an agent or surface id, or `undefined` when it can. */
export function idProblem(id: string): string | undefined {
  if (!ID_PATTERN.test(id)) return 'an id is 1–64 of A–Z, a–z, 0–9, "_" and "-"';
  if (RESERVED_IDS.has(id)) return `"${id}" is a reserved name`;
  return undefined;
}

const idKeySchema = z.string().superRefine((id, ctx) => {
  const problem = idProblem(id);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A record keyed by ids; a `__proto__` key (which a plain record drops silently) is refused with its path. */
function idRecord<T extends z.ZodType>(value: T) {
  return z.preprocess(
    (raw, ctx) => {
      if (raw && typeof raw === 'object' && Object.hasOwn(raw, '__proto__'))
        ctx.addIssue({ code: 'custom', path: ['__proto__'], message: '"__proto__" is a reserved name', input: raw });
      return raw;
    },
    z.record(idKeySchema, value),
  );
}

/** True when `record` has its own key `id` (never an inherited one such as `constructor`). */
export function hasId(record: object, id: string): boolean {
  return Object.hasOwn(record, id);
}

/** A rate-limit window: at most `requests` per `windowSeconds` (a token bucket refilled evenly over the window). */
const windowSchema = z.strictObject({
  requests: z.number().int().min(1).max(1_000_000),
  windowSeconds: z.number().int().min(1).max(86_400),
});

// A client token is shared by every visitor of a site, so its budget is far larger than one session's.
export const DEFAULT_LIMITS = {
  perToken: { requests: 600, windowSeconds: 60 },
  perSession: { requests: 30, windowSeconds: 60 },
  perAddress: { requests: 60, windowSeconds: 60 },
  replay: {
    perSession: { requests: 20, windowSeconds: 60 },
    bytesPerSession: { bytes: 4_194_304, windowSeconds: 600 },
  },
  trustedProxies: [] as string[],
} as const;

/** Reconnects (`/v1/client/stream`): how often a session may replay, and how many bytes it may be sent. */
const replaySchema = z
  .strictObject({
    perSession: windowSchema.default(DEFAULT_LIMITS.replay.perSession),
    bytesPerSession: z
      .strictObject({
        bytes: z.number().int().min(1024).max(2_000_000_000),
        windowSeconds: z.number().int().min(1).max(86_400),
      })
      .default(DEFAULT_LIMITS.replay.bytesPerSession),
  })
  .default(DEFAULT_LIMITS.replay);

const limitsSchema = z
  .strictObject({
    perToken: windowSchema.default(DEFAULT_LIMITS.perToken),
    perSession: windowSchema.default(DEFAULT_LIMITS.perSession),
    /** `init` and `chat` of one client token from one client address: a sub-bucket in front of `perToken`. */
    perAddress: windowSchema.default(DEFAULT_LIMITS.perAddress),
    replay: replaySchema,
    /**
     * Peers whose `X-Forwarded-For` is believed (exact addresses or IPv4/IPv6 CIDR ranges, e.g. a load
     * balancer's `10.0.0.0/8`); the client address is the rightmost forwarded entry that is not one of them.
     */
    trustedProxies: z.array(z.string().refine(isAddressPattern, 'an IP address or a CIDR range')).max(256).default([]),
  })
  .default(DEFAULT_LIMITS);

/**
 * An API key for code that is not a page (`/v1/dispatch`, the SDK, backend RPC handlers): the key
 * itself is read from an environment variable; `agents` are the agents it may use.
 */
const apiKeySchema = z.strictObject({
  id: z.string().regex(ID_PATTERN, 'an id of 1–64 of A–Z, a–z, 0–9, "_" and "-"'),
  key: secretRefSchema,
  agents: z.array(z.string()).min(1).max(256),
});

/** Settings of the API-key path. `allowedHosts` narrows where per-request `runtimeTools` may send requests. */
const dispatchSchema = z
  .strictObject({
    /** Host globs (`api.example.com`, `*.internal`); when absent, runtime tools may reach any host. */
    allowedHosts: z.array(z.string().min(1).max(253)).max(256).optional(),
  })
  .default({});

const storeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('memory') }),
  z.strictObject({
    kind: z.literal('sqlite'),
    path: z.string().min(1),
    /** How long a store call retries a file another process keeps locked (asynchronously) before a 503. */
    lockWaitMs: z.number().int().min(0).max(600_000).optional(),
    /** Who checkpoints the WAL: a worker thread (`background`, default) or the commit crossing 1,000 pages (`inline`). */
    checkpoint: z.enum(['background', 'inline']).optional(),
    /** SQLite's page cache of the server's connection, in MB (default 64). */
    cacheMb: z.number().int().min(1).max(4096).optional(),
  }),
  z.strictObject({ kind: z.literal('postgres'), url: z.union([secretRefSchema, z.string().min(1)]) }),
]);

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    adminKey: secretRefSchema.optional(),
    apiKeys: z.array(apiKeySchema).max(256).default([]),
    dispatch: dispatchSchema,
    store: storeSchema.default({ kind: 'memory' }),
    sessions: z
      .strictObject({ ttlMinutes: z.number().int().min(1).max(43_200).default(1440) })
      .default({ ttlMinutes: 1440 }),
    runs: z
      .strictObject({
        pausedTtlMinutes: z.number().int().min(1).max(10_080).default(30),
        /** A running run's heartbeat interval; a run silent for 3 of them is taken over and ended (`server_lost`). */
        heartbeatMs: z.number().int().min(100).max(60_000).default(2000),
      })
      .default({ pausedTtlMinutes: 30, heartbeatMs: 2000 }),
    limits: limitsSchema,
    /** How long what the server stores is kept (swept every 10 minutes). */
    retention: z
      .strictObject({
        /** Events of ended runs are compacted to their final frame after this (the reconnect window). */
        finishedEventsMinutes: z.number().int().min(1).max(10_080).default(10),
        /** Sessions without activity for this long are deleted with their runs and events; so are older ended runs. */
        sessionsDays: z.number().int().min(1).max(3_650).default(30),
        /** Tool and origin sightings not seen for this long are deleted. */
        sightingsDays: z.number().int().min(1).max(3_650).default(90),
      })
      .default({ finishedEventsMinutes: 10, sessionsDays: 30, sightingsDays: 90 }),
    agents: idRecord(agentSchema),
    surfaces: idRecord(surfaceSchema),
  })
  .superRefine((config, ctx) => {
    if (config.retention.sessionsDays * 1_440 < config.sessions.ttlMinutes)
      ctx.addIssue({
        code: 'custom',
        path: ['retention', 'sessionsDays'],
        message: 'must keep sessions at least as long as sessions.ttlMinutes lets them live',
      });
    const agentIds = new Set(Object.keys(config.agents));
    for (const [id, agent] of Object.entries(config.agents)) {
      for (const issue of toolConfigIssues(agent.tools, agent.secrets, agentIds))
        ctx.addIssue({ code: 'custom', path: ['agents', id, 'tools', ...issue.path], message: issue.message });
    }
    const keyIds = new Set<string>();
    config.apiKeys.forEach((entry, i) => {
      if (keyIds.has(entry.id))
        ctx.addIssue({ code: 'custom', path: ['apiKeys', i, 'id'], message: `API key id "${entry.id}" is used twice` });
      keyIds.add(entry.id);
      entry.agents.forEach((agent, j) => {
        if (!hasId(config.agents, agent))
          ctx.addIssue({ code: 'custom', path: ['apiKeys', i, 'agents', j], message: `no agent named "${agent}"` });
      });
    });
    const seen = new Map<string, string>();
    for (const [id, surface] of Object.entries(config.surfaces)) {
      if (!hasId(config.agents, surface.agent)) {
        ctx.addIssue({ code: 'custom', path: ['surfaces', id, 'agent'], message: `no agent named "${surface.agent}"` });
      }
      surface.clientTokens.forEach((t, i) => {
        const other = seen.get(t.token);
        if (other)
          ctx.addIssue({
            code: 'custom',
            path: ['surfaces', id, 'clientTokens', i, 'token'],
            message: `token already used by surface "${other}"`,
          });
        seen.set(t.token, id);
      });
    }
  });

export type Config = z.infer<typeof configSchema>;
export type AgentConfig = Config['agents'][string];
export type SurfaceConfig = Config['surfaces'][string];
export type ClientTokenConfig = SurfaceConfig['clientTokens'][number];
export type WebmcpConfig = NonNullable<NonNullable<SurfaceConfig['behavior']>['webmcp']>;
export type ModelConfig = AgentConfig['model'];
export type LimitsConfig = Config['limits'];
export type WindowConfig = LimitsConfig['perToken'];
export type ApiKeyConfig = Config['apiKeys'][number];
