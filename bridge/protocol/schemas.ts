/**
 * The wire protocol as zod schemas: the one definition of every request body and stream frame.
 * The server validates with these; the browser imports only the inferred types (see `types.ts`).
 */
import { z } from 'zod';
import { LIMITS } from './limits.js';

export const toolAnnotationsSchema = z
  .object({
    readOnlyHint: z.boolean().optional(),
    untrustedContentHint: z.boolean().optional(),
    consequentialHint: z.boolean().optional(),
    destructiveHint: z.boolean().optional(),
    debugging: z.boolean().optional(),
    title: z.string().max(256).optional(),
  })
  .loose();

/** Where a client tool runs: the page (`webmcp`) or the API-key caller's own process (`sdk`). */
export const clientToolOriginSchema = z.enum(['webmcp', 'sdk']);

export const clientToolSchema = z.strictObject({
  name: z.string(),
  description: z.string(),
  // A tool without declared parameters (some widgets omit the schema) takes any object.
  parametersSchema: z.record(z.string(), z.unknown()).default(() => ({ type: 'object', properties: {} })),
  origin: clientToolOriginSchema,
  pageOrigin: z.string().max(2048).optional(),
  title: z.string().max(256).optional(),
  annotations: toolAnnotationsSchema.optional(),
});

export const chatMessageSchema = z.strictObject({
  id: z.string().max(128).optional(),
  role: z.enum(['user', 'assistant', 'system']),
  content: z.string(),
  createdAt: z.string().optional(),
});

export const initRequestSchema = z.strictObject({
  token: z.string().min(1).max(256),
  flowId: z.string().max(128).optional(),
  agentId: z.string().max(128).optional(),
  sessionId: z.string().max(128).optional(),
});

/**
 * A page tool the bridge left out of `clientTools` (policy or limit), reported so the server can
 * list it for the operator: its name and the reason code only, never its schema.
 */
export const droppedToolSchema = z.strictObject({
  name: z.string().min(1).max(LIMITS.maxDroppedToolName),
  reason: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
});

/**
 * Strict, like every request body: a field the server does not know is a 400 naming it, never
 * silently dropped (a caller would believe, say, a `clientToolsPolicy` applied).
 */
export const chatRequestSchema = z.strictObject({
  sessionId: z.string().min(1).max(128),
  messages: z.array(chatMessageSchema).max(LIMITS.maxMessages),
  assistantMessageId: z.string().max(128).optional(),
  clientTools: z.array(z.unknown()).optional(),
  clientToolsFingerprint: z.string().max(128).optional(),
  droppedTools: z.array(droppedToolSchema).max(LIMITS.maxDroppedTools).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  /** Sent by the Persona widget when its config sets them; accepted and not used by this server. */
  metadata: z.record(z.string(), z.unknown()).optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
});

/** One tool output in a resume: MCP result, `{result}` or `{error}`. */
/** An MCP tool result: what the bridge sends back for every call (text parts; other part types pass through). */
export const mcpToolResultSchema = z.object({
  content: z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()),
  isError: z.boolean().optional(),
});

export const toolOutputSchema = z.union([
  mcpToolResultSchema,
  z.object({ result: z.unknown() }),
  z.object({ error: z.string() }),
]);

export const resumeRequestSchema = z.strictObject({
  sessionId: z.string().min(1).max(128),
  executionId: z.string().min(1).max(128),
  toolOutputs: z.record(z.string(), toolOutputSchema),
  streamResponse: z.boolean().optional(),
  clientTools: z.array(z.unknown()).optional(),
  clientToolsFingerprint: z.string().max(128).optional(),
  /** How long each page call took in the browser, in ms, by `toolCallId` (diagnostic). */
  toolDurations: z.record(z.string().max(128), z.number().nonnegative().max(86_400_000)).optional(),
});

/** Reconnect: replay the events of an execution after `after`, then follow it live. */
export const streamRequestSchema = z.strictObject({
  sessionId: z.string().min(1).max(128),
  executionId: z.string().min(1).max(128),
  after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

export const originRuleSchema = z.object({
  origin: z.string().min(1).max(512),
  tools: z.array(z.string().min(1).max(256)).max(256),
});

export const webmcpSettingsSchema = z.object({
  enabled: z.boolean(),
  allowlist: z.array(originRuleSchema).max(256).optional(),
});

/**
 * A rule as the init response sends it: besides the globs, `toolsPattern`, the regular expression
 * source the server's picomatch compiled them to, so the browser matches exactly as the server does
 * without shipping a glob compiler.
 */
export const clientOriginRuleSchema = originRuleSchema.extend({ toolsPattern: z.string().max(65_536).optional() });

export const clientWebmcpSettingsSchema = z.object({
  enabled: z.boolean(),
  allowlist: z.array(clientOriginRuleSchema).max(256).optional(),
});

export const initResponseSchema = z.object({
  sessionId: z.string(),
  expiresAt: z.string(),
  flow: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  config: z.object({
    welcomeMessage: z.string(),
    placeholder: z.string().optional(),
    /** Starter questions the widget offers as chips before the first message. */
    suggestions: z.array(z.string()).optional(),
    theme: z.record(z.string(), z.unknown()).optional(),
    webmcp: clientWebmcpSettingsSchema.optional(),
  }),
});

export const errorBodySchema = z.object({ error: z.string(), hint: z.string().optional() });

const frameBase = { executionId: z.string(), seq: z.number().int().nonnegative() };

export const streamEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('execution_start'),
    ...frameBase,
    kind: z.literal('agent'),
    agentId: z.string().optional(),
    startedAt: z.string(),
  }),
  z.object({ type: z.literal('turn_start'), ...frameBase, id: z.string(), iteration: z.number() }),
  z.object({
    type: z.literal('turn_complete'),
    ...frameBase,
    id: z.string(),
    iteration: z.number(),
    stopReason: z.string(),
  }),
  z.object({ type: z.literal('text_start'), ...frameBase, id: z.string() }),
  z.object({ type: z.literal('text_delta'), ...frameBase, id: z.string(), delta: z.string() }),
  z.object({ type: z.literal('text_complete'), ...frameBase, id: z.string(), text: z.string() }),
  z.object({ type: z.literal('reasoning_start'), ...frameBase, id: z.string() }),
  z.object({ type: z.literal('reasoning_delta'), ...frameBase, id: z.string(), delta: z.string() }),
  z.object({ type: z.literal('reasoning_complete'), ...frameBase, id: z.string(), text: z.string() }),
  z.object({
    type: z.literal('tool_start'),
    ...frameBase,
    toolCallId: z.string(),
    toolName: z.string(),
    toolType: z.string(),
    parameters: z.unknown(),
    /** Where the call runs: `server` for the operator's tools; absent from older servers. */
    origin: z.enum(['webmcp', 'sdk', 'server']).optional(),
  }),
  z.object({
    type: z.literal('tool_complete'),
    ...frameBase,
    toolCallId: z.string(),
    toolName: z.string(),
    result: z.unknown(),
    success: z.boolean(),
    executionTime: z.number(),
    error: z.string().optional(),
    /** Where the call ran: `webmcp` (the page), `sdk` (the API-key caller) or `server`; absent from older servers. */
    origin: z.enum(['webmcp', 'sdk', 'server']).optional(),
  }),
  z.object({
    type: z.literal('await'),
    ...frameBase,
    toolName: z.string(),
    /** The tool's own origin: `webmcp` (a page tool) or `sdk` (a tool of the API-key caller). */
    origin: clientToolOriginSchema,
    toolId: z.string().optional(),
    toolCallId: z.string(),
    parameters: z.unknown(),
    awaitedAt: z.string(),
  }),
  z.object({
    type: z.literal('client_event'),
    ...frameBase,
    /** The call that sent it (its `tool_start`/`tool_complete` carry the same id). */
    toolCallId: z.string(),
    /** The `client_event` tool's bare name, e.g. `highlight_product`. */
    name: z.string(),
    /** The model's arguments, validated against the tool's parameters; undeclared properties removed. */
    arguments: z.record(z.string(), z.unknown()),
  }),
  z.object({
    type: z.literal('execution_complete'),
    ...frameBase,
    kind: z.literal('agent'),
    success: z.boolean(),
    stopReason: z.string(),
    completedAt: z.string(),
    model: z.object({ id: z.string(), offline: z.boolean() }).optional(),
  }),
  z.object({
    type: z.literal('execution_error'),
    ...frameBase,
    kind: z.literal('agent'),
    error: z.object({ code: z.string().optional(), message: z.string() }),
  }),
]);
