/**
 * `runtimeTools`: server tools a dispatch request brings for its run only — the same `http`, `webhook`
 * and `code` definitions as an agent's config tools, checked with the same schemas, run by the same
 * executors. `{{secrets.NAME}}` is filled from the request's `secrets` (a webhook tool names its
 * signing secret the same way). URL hosts must match `dispatch.allowedHosts` when the config sets it.
 */
import { z } from 'zod';
import { ERROR_CODES, LIMITS, LIMIT_CODES } from '../../bridge/protocol/index.js';
import { compileGlob } from '../../bridge/policy/index.js';
import { ApiError } from '../http/errors.js';
import { issuePath } from '../http/body.js';
import { codeToolSchema, httpToolSchema, webhookToolSchema } from '../tools/config.js';
import type { CodeToolConfig, HttpToolConfig, WebhookToolConfig } from '../tools/config.js';
import { placeholders } from '../tools/template.js';

/** A runtime webhook tool names its signing secret as `{{secrets.NAME}}` (a request secret, not an env var). */
const runtimeWebhookSchema = webhookToolSchema.extend({
  secret: z.string().regex(/^\{\{\s*secrets\.[A-Za-z_][A-Za-z0-9_]*\s*\}\}$/, 'a request secret as {{secrets.NAME}}'),
});

const runtimeToolSchema = z.discriminatedUnion('type', [httpToolSchema, runtimeWebhookSchema, codeToolSchema]);

export type RuntimeWebhookConfig = Omit<WebhookToolConfig, 'secret'> & { secret: string };
/** A checked runtime tool definition (templates only: no secret values); stored with the run. */
export type RuntimeToolConfig = HttpToolConfig | RuntimeWebhookConfig | CodeToolConfig;

/**
 * Checks `raw` (the request's `runtimeTools`): the count limit, each definition against its schema,
 * duplicate names, a body on GET and the URL hosts. Each problem is a 400 naming its path.
 */
export function parseRuntimeTools(
  raw: readonly unknown[],
  allowedHosts: readonly string[] | undefined,
): RuntimeToolConfig[] {
  if (raw.length > LIMITS.maxRuntimeTools) {
    throw new ApiError(
      400,
      LIMIT_CODES.tooManyRuntimeTools,
      `runtimeTools: at most ${LIMITS.maxRuntimeTools} tools per request; got ${raw.length}.`,
    );
  }
  const hostMatchers = allowedHosts?.map((glob) => compileHostGlob(glob));
  const names = new Set<string>();
  return raw.map((entry, i) => {
    const parsed = runtimeToolSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = ['runtimeTools', i, ...issuePath(issue)].join('.');
      throw new ApiError(400, ERROR_CODES.invalidRequest, `${path}: ${issue.message}`);
    }
    const tool = parsed.data;
    if (names.has(tool.name))
      throw new ApiError(400, ERROR_CODES.invalidRequest, `runtimeTools.${i}.name: "${tool.name}" appears twice.`);
    names.add(tool.name);
    if (tool.type === 'http' && tool.method === 'GET' && tool.body !== undefined) {
      throw new ApiError(
        400,
        ERROR_CODES.invalidRequest,
        `runtimeTools.${i}.body: a GET request has no body: use POST, PUT, PATCH or DELETE to send one.`,
      );
    }
    if (hostMatchers && tool.type !== 'code') {
      // The host is literal (the schema refuses a placeholder there), so it can be checked before any call.
      const host = new URL(tool.url.replace(/\{\{[^}]*\}\}/g, 'x')).hostname;
      if (!hostMatchers.some((matches) => matches(host))) {
        throw new ApiError(
          400,
          ERROR_CODES.runtimeToolHostNotAllowed,
          `runtimeTools.${i}.url: the host ${host} is not in the server's dispatch.allowedHosts.`,
        );
      }
    }
    return tool;
  });
}

/** Every `{{secrets.NAME}}` a runtime tool uses, with the path of its first use. */
export function secretsUsed(tools: readonly RuntimeToolConfig[]): Map<string, string> {
  const used = new Map<string, string>();
  tools.forEach((tool, i) => {
    const texts: Array<[string, string]> = [];
    if (tool.type === 'http') {
      texts.push([`runtimeTools.${i}.url`, tool.url]);
      for (const [k, v] of Object.entries(tool.headers ?? {})) texts.push([`runtimeTools.${i}.headers.${k}`, v]);
      collectStrings(tool.body, `runtimeTools.${i}.body`, texts);
    }
    if (tool.type === 'webhook') texts.push([`runtimeTools.${i}.secret`, tool.secret]);
    for (const [path, text] of texts) {
      for (const name of placeholders(text)) {
        if (name.startsWith('secrets.') && !used.has(name.slice(8))) used.set(name.slice(8), path);
      }
    }
  });
  return used;
}

/**
 * 400 `secret_missing` naming the first secret the tools use that `secrets` lacks. On a resume the
 * secrets are missing when the run paused on another instance (they live in memory only there).
 */
export function requireSecrets(
  tools: readonly RuntimeToolConfig[],
  secrets: ReadonlyMap<string, unknown>,
  on: 'request' | 'resume',
): void {
  for (const [name, path] of secretsUsed(tools)) {
    if (secrets.has(name)) continue;
    const hint =
      on === 'request'
        ? `${path} uses {{secrets.${name}}}: send "${name}" in the request's secrets.`
        : `The run's runtime tools use {{secrets.${name}}} (${path}) and this server instance does not hold it: send "${name}" in the resume's secrets.`;
    throw new ApiError(400, ERROR_CODES.secretMissing, hint);
  }
}

/** Host globs are matched case-insensitively, `*` within one label (`*.example.com`). */
function compileHostGlob(glob: string): (host: string) => boolean {
  const match = compileGlob(glob.toLowerCase());
  return (host) => match(host.toLowerCase());
}

function collectStrings(value: unknown, path: string, out: Array<[string, string]>): void {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => collectStrings(v, `${path}.${i}`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) collectStrings(v, `${path}.${k}`, out);
}
