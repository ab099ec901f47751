/**
 * The server's config file (DESIGN §5). Strict: unknown keys and bad values are refused at start
 * with the path of the offending key. Secrets are `{ "env": "NAME" }` references, never literals.
 */
import { z } from 'zod';
import { originRuleSchema, webmcpSettingsSchema } from '../../bridge/protocol/schemas.js';
import { compileOrigin, globProblem } from '../../bridge/policy/index.js';

export const secretRefSchema = z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') });
export type SecretRef = z.infer<typeof secretRefSchema>;

const originPattern = z.string().refine((value) => {
  try {
    compileOrigin(value);
    return true;
  } catch {
    return false;
  }
}, 'an origin like https://shop.example.com, https://*.example.com or *');

const modelSchema = z.union([
  z.literal('offline'),
  z.strictObject({ provider: z.literal('offline'), wordDelayMs: z.number().int().min(0).max(1000).optional() }),
  z.strictObject({
    provider: z.literal('openai-compatible'),
    baseURL: z.url(),
    model: z.string().min(1),
    apiKey: secretRefSchema.optional(),
  }),
  z.strictObject({ provider: z.literal('anthropic'), model: z.string().min(1), baseURL: z.url().optional(), apiKey: secretRefSchema.optional() }),
]);

const agentSchema = z.strictObject({
  model: modelSchema,
  instructions: z.string().max(32_000).optional(),
  maxSteps: z.number().int().min(1).max(50).default(8),
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
const webmcpConfigSchema = webmcpSettingsSchema.extend({
  allowlist: z
    .array(
      originRuleSchema
        .extend({
          origin: originPattern,
          tools: z.array(z.string().superRefine((glob, ctx) => {
            const problem = globProblem(glob);
            if (problem) ctx.addIssue({ code: 'custom', message: `the tool glob ${problem}` });
          })).max(256),
        })
        .strict(),
    )
    .max(256)
    .optional(),
}).strict();

/** One surface, as in the config file's `surfaces` and in the admin API's `PUT /v1/admin/surfaces/:id`. */
export const surfaceSchema = z.strictObject({
  agent: z.string(),
  welcomeMessage: z.string().max(2000).default('Hi! How can I help?'),
  placeholder: z.string().max(200).optional(),
  clientTokens: z.array(clientTokenSchema).default([]),
  behavior: z.strictObject({ webmcp: webmcpConfigSchema.optional() }).optional(),
});

/** Surface and agent ids. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A rate-limit window: at most `requests` per `windowSeconds` (a token bucket refilled evenly over the window). */
const windowSchema = z.strictObject({
  requests: z.number().int().min(1).max(1_000_000),
  windowSeconds: z.number().int().min(1).max(86_400),
});

// A client token is shared by every visitor of a site, so its budget is far larger than one session's.
export const DEFAULT_LIMITS = {
  perToken: { requests: 600, windowSeconds: 60 },
  perSession: { requests: 30, windowSeconds: 60 },
} as const;

const limitsSchema = z
  .strictObject({
    perToken: windowSchema.default(DEFAULT_LIMITS.perToken),
    perSession: windowSchema.default(DEFAULT_LIMITS.perSession),
  })
  .default(DEFAULT_LIMITS);

const storeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('memory') }),
  z.strictObject({ kind: z.literal('sqlite'), path: z.string().min(1) }),
  z.strictObject({ kind: z.literal('postgres'), url: z.union([secretRefSchema, z.string().min(1)]) }),
]);

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    adminKey: secretRefSchema.optional(),
    store: storeSchema.default({ kind: 'memory' }),
    sessions: z.strictObject({ ttlMinutes: z.number().int().min(1).max(43_200).default(1440) }).default({ ttlMinutes: 1440 }),
    runs: z.strictObject({ pausedTtlMinutes: z.number().int().min(1).max(10_080).default(30) }).default({ pausedTtlMinutes: 30 }),
    limits: limitsSchema,
    agents: z.record(z.string().regex(ID_PATTERN), agentSchema),
    surfaces: z.record(z.string().regex(ID_PATTERN), surfaceSchema),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, string>();
    for (const [id, surface] of Object.entries(config.surfaces)) {
      if (!config.agents[surface.agent]) {
        ctx.addIssue({ code: 'custom', path: ['surfaces', id, 'agent'], message: `no agent named "${surface.agent}"` });
      }
      surface.clientTokens.forEach((t, i) => {
        const other = seen.get(t.token);
        if (other) ctx.addIssue({ code: 'custom', path: ['surfaces', id, 'clientTokens', i, 'token'], message: `token already used by surface "${other}"` });
        seen.set(t.token, id);
      });
    }
  });

export type Config = z.infer<typeof configSchema>;
export type AgentConfig = Config['agents'][string];
export type SurfaceConfig = Config['surfaces'][string];
export type ModelConfig = AgentConfig['model'];
export type LimitsConfig = Config['limits'];
export type WindowConfig = LimitsConfig['perToken'];
