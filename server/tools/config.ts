/**
 * The config of server tools (`agents.<id>.tools`) and of the secrets they use
 * (`agents.<id>.secrets`): strict, with every problem reported at its key's path at load.
 */
import { z } from 'zod';
import { LIMITS } from '../../bridge/protocol/index.js';
import { placeholders, urlTemplateProblem } from './template.js';

const envRefSchema = z.strictObject({
  env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'),
});

/** `agents.<id>.secrets`: `{ "NAME": { "env": "VAR" } }`, used in templates as `{{secrets.NAME}}`. */
export const toolSecretsSchema = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a secret name'), envRefSchema);

/** Seconds a server tool may take (default 4). */
export const DEFAULT_TOOL_TIMEOUT_SECONDS = 4;

const common = {
  name: z.string().regex(LIMITS.toolNamePattern, `a tool name matching ${LIMITS.toolNamePattern.source}`),
  description: z.string().max(LIMITS.maxDescriptionLength).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  timeoutSeconds: z.number().int().min(1).max(30).default(DEFAULT_TOOL_TIMEOUT_SECONDS),
};

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'an HTTP header name');

export const httpToolSchema = z.strictObject({
  type: z.literal('http'),
  ...common,
  url: z.string().superRefine((url, ctx) => {
    const problem = urlTemplateProblem(url);
    if (problem) ctx.addIssue({ code: 'custom', message: `the URL template ${problem}` });
  }),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
  headers: z.record(headerName, z.string()).optional(),
  /** A JSON value; string values may hold placeholders. */
  body: z.unknown().optional(),
});

export const webhookToolSchema = z.strictObject({
  type: z.literal('webhook'),
  ...common,
  url: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }),
  secret: envRefSchema,
});

export const codeToolSchema = z.strictObject({
  type: z.literal('code'),
  ...common,
  code: z.string().min(1).max(65_536),
  /** Sandbox heap in megabytes (default 16). */
  memoryMb: z.number().int().min(1).max(256).default(16),
});

const agentToolSchema = z.strictObject({
  type: z.literal('agent'),
  ...common,
  agent: z.string(),
  allowedTools: z.array(z.string()).max(64).default([]),
  maxTurns: z.number().int().min(1).max(20).default(5),
});

/** A tool served by an operator's handler process connected over `GET /v1/rpc` (the SDK's `createRpcHandler`). */
const rpcToolSchema = z.strictObject({
  type: z.literal('rpc'),
  ...common,
  // Handlers are expected to answer fast: a short ceiling keeps a stuck handler from holding the run.
  timeoutSeconds: z.number().int().min(1).max(8).default(DEFAULT_TOOL_TIMEOUT_SECONDS),
});

/** A one-way signal to the page or SDK caller (`client_event` frame); the model gets "delivered" at once. */
const clientEventToolSchema = z.strictObject({
  type: z.literal('client_event'),
  name: common.name,
  description: common.description,
  parameters: common.parameters,
});

export const serverToolSchema = z.discriminatedUnion('type', [
  httpToolSchema,
  webhookToolSchema,
  codeToolSchema,
  agentToolSchema,
  rpcToolSchema,
  clientEventToolSchema,
]);
export type ServerToolConfig = z.infer<typeof serverToolSchema>;
export type HttpToolConfig = z.infer<typeof httpToolSchema>;
export type WebhookToolConfig = z.infer<typeof webhookToolSchema>;
export type CodeToolConfig = z.infer<typeof codeToolSchema>;
export type AgentToolConfig = z.infer<typeof agentToolSchema>;
export type RpcToolConfig = z.infer<typeof rpcToolSchema>;
export type ClientEventToolConfig = z.infer<typeof clientEventToolSchema>;

type Issue = { path: Array<string | number>; message: string };

/** Cross-field problems of one agent's tools: duplicate names, undeclared secrets, unknown agents. */
export function toolConfigIssues(
  tools: readonly ServerToolConfig[],
  secrets: Readonly<Record<string, unknown>>,
  agents: ReadonlySet<string>,
): Issue[] {
  const issues: Issue[] = [];
  const names = new Set<string>();
  tools.forEach((tool, i) => {
    if (names.has(tool.name)) issues.push({ path: [i, 'name'], message: `"${tool.name}" appears twice` });
    names.add(tool.name);
    if (tool.type === 'http') {
      // fetch refuses a body on GET; refusing it here keeps a configured body from being silently dropped.
      if (tool.method === 'GET' && tool.body !== undefined)
        issues.push({
          path: [i, 'body'],
          message: 'a GET request has no body: use POST, PUT, PATCH or DELETE to send one',
        });
      const templates: Array<[Array<string | number>, string]> = [[['url'], tool.url]];
      for (const [k, v] of Object.entries(tool.headers ?? {})) templates.push([['headers', k], v]);
      collectStrings(tool.body, ['body'], templates);
      for (const [path, text] of templates) {
        for (const name of placeholders(text)) {
          if (name.startsWith('secrets.') && !Object.hasOwn(secrets, name.slice(8)))
            issues.push({ path: [i, ...path], message: `{{${name}}} is not declared in this agent's secrets` });
        }
      }
    }
    if (tool.type === 'agent' && !agents.has(tool.agent))
      issues.push({ path: [i, 'agent'], message: `no agent named "${tool.agent}"` });
  });
  tools.forEach((tool, i) => {
    if (tool.type !== 'agent') return;
    tool.allowedTools.forEach((name, j) => {
      if (!names.has(name))
        issues.push({ path: [i, 'allowedTools', j], message: `"${name}" is not a server tool of this agent` });
    });
  });
  return issues;
}

function collectStrings(value: unknown, path: Array<string | number>, out: Array<[Array<string | number>, string]>) {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => collectStrings(v, [...path, i], out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) collectStrings(v, [...path, k], out);
}
