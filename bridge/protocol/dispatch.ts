/**
 * The API-key path's request bodies (`POST /v1/dispatch`, `POST /v1/dispatch/resume`) as zod
 * schemas, strict at every level the server reads: an unknown field is a 400 with its path. The
 * shapes accept what the Persona widget sends in agent mode (`agent.agentId`, `options`,
 * `createdAt`, `context`) beside the native ones.
 */
import { z } from 'zod';
import { toolOutputSchema } from './schemas.js';

/** A secret's name, used in runtime tools as `{{secrets.NAME}}`. */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The agent to run: `{id}`, or `{agentId}` as the Persona widget names it. */
export const dispatchAgentSchema = z.union([
  z.strictObject({ id: z.string().min(1).max(128) }),
  z.strictObject({ agentId: z.string().min(1).max(128) }),
]);

/** One message of the conversation the caller holds; the last one is the new user message. */
export const dispatchMessageSchema = z.strictObject({
  id: z.string().max(128).optional(),
  role: z.enum(['user', 'assistant', 'system']),
  content: z.string(),
  /** When the message was written (Persona sends it); accepted and not used for ordering. */
  createdAt: z.string().max(64).optional(),
});

export const dispatchRequestSchema = z.strictObject({
  agent: dispatchAgentSchema,
  messages: z.array(dispatchMessageSchema),
  /** Tools the caller runs: `origin: 'sdk'` (its own process) or `'webmcp'` (a page it proxies). */
  clientTools: z.array(z.unknown()).optional(),
  /** Narrows the `webmcp` client tools to these names or globs; `sdk` tools are never gated. */
  clientToolsPolicy: z.strictObject({ allowlist: z.array(z.string().min(1).max(256)).max(256) }).optional(),
  /** Server tools for this run only (`http`, `webhook`, `code`), as in an agent's config. */
  runtimeTools: z.array(z.unknown()).optional(),
  /** Values for `{{secrets.NAME}}` in `runtimeTools`: kept in memory for the run, never stored. */
  secrets: z.record(z.string().regex(SECRET_NAME, 'a secret name'), z.string().min(1).max(8192)).optional(),
  /** Most tool calls the run may make; beyond it the model gets an error result and must answer. */
  maxToolCalls: z.number().int().min(1).max(1000).optional(),
  /** `false`: one JSON answer (the result, or the pause with its calls) instead of SSE. */
  streamResponse: z.boolean().optional(),
  /** Persona's form: `streamResponse` as above; `recordMode` is accepted (runs are always stored here). */
  options: z
    .strictObject({ streamResponse: z.boolean().optional(), recordMode: z.string().max(32).optional() })
    .optional(),
  /** Page context a widget attaches; accepted and not given to the model. */
  context: z.record(z.string(), z.unknown()).optional(),
});

export const dispatchResumeRequestSchema = z.strictObject({
  executionId: z.string().min(1).max(128),
  /** By `toolCallId`, or by tool name when one call is pending. */
  toolOutputs: z.record(z.string(), toolOutputSchema),
  streamResponse: z.boolean().optional(),
  /** The run's secrets again, for a resume on an instance that does not hold them. */
  secrets: z.record(z.string().regex(SECRET_NAME, 'a secret name'), z.string().min(1).max(8192)).optional(),
});

/** What `streamResponse: false` answers: the run's end, or its pause with the calls to run. */
export interface DispatchResult {
  executionId: string;
  status: 'completed' | 'awaiting' | 'failed';
  /** The assistant's text of this stretch of the run. */
  text: string;
  /** While `awaiting`: the calls whose outputs the resume must bring. */
  awaiting?: Array<{ toolCallId: string; toolName: string; origin: 'webmcp' | 'sdk'; parameters: unknown }>;
  stopReason?: string;
  error?: { code?: string | undefined; message: string };
}

export type DispatchRequest = z.input<typeof dispatchRequestSchema>;
export type DispatchResumeRequest = z.input<typeof dispatchResumeRequestSchema>;
