/**
 * API keys: `Authorization: Bearer <key>` for code that is not a page (`/v1/dispatch`, the SDK, backend
 * RPC handlers). Each key names the agents it may use. Keys are read from the environment at start,
 * compared as SHA-256 digests in constant time (see `sameKey`) and never logged or echoed; an unset
 * variable turns that key off with a warning, like the admin key.
 */
import type { Context } from 'hono';
import { ApiError } from '../http/errors.js';
import { sameKey } from '../http/admin-auth.js';
import { readSecret } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';

/** A configured key whose secret is set: its id (safe to log) and the agents it may use. */
export type ApiKeyHolder = { readonly id: string; readonly agents: readonly string[] };

type LoadedKey = ApiKeyHolder & { readonly key: string };

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The configured API keys whose environment variables are set, checked in constant time. */
export class ApiKeys {
  readonly #keys: LoadedKey[];

  constructor(
    config: Pick<Config, 'apiKeys'>,
    env: NodeJS.ProcessEnv = process.env,
    /** Where an unset key variable is reported (default stderr). */
    warn: (message: string) => void = (message) => console.warn(`[webmcp-chat] ${message}`),
  ) {
    this.#keys = [];
    for (const entry of config.apiKeys) {
      const key = readSecret(entry.key, env);
      if (!key) {
        warn(`apiKeys "${entry.id}": $${entry.key.env} is not set; that key is off`);
        continue;
      }
      this.#keys.push({ id: entry.id, agents: entry.agents, key });
    }
  }

  /** True when at least one key is usable (the dispatch path exists only then). */
  get enabled(): boolean {
    return this.#keys.length > 0;
  }

  /**
   * The holder of the bearer key in `authorization`, or `undefined`. Every configured key is compared,
   * whether or not an earlier one matched, so the time taken says nothing about which key it was.
   */
  find(authorization: string | undefined): ApiKeyHolder | undefined {
    const match = BEARER.exec(authorization ?? '');
    const given = match?.[1] ?? '';
    let found: LoadedKey | undefined;
    for (const entry of this.#keys) if (sameKey(given, entry.key) && match && !found) found = entry;
    return found ? { id: found.id, agents: found.agents } : undefined;
  }

  /**
   * The caller's key holder, or a 401 `api_key_invalid` (missing, malformed or unknown key). With
   * `agent`, a key that may not use that agent is a 403 `api_key_forbidden`.
   */
  authorize(c: Context, agent?: string): ApiKeyHolder {
    const holder = this.find(c.req.header('authorization'));
    if (!holder) {
      throw new ApiError(401, ERROR_CODES.apiKeyInvalid, 'Send an API key as `Authorization: Bearer <key>`.', {
        'www-authenticate': 'Bearer realm="webmcp-chat"',
      });
    }
    if (agent !== undefined && !mayUse(holder, agent))
      throw new ApiError(403, ERROR_CODES.apiKeyForbidden, `This API key may not use the agent "${agent}".`);
    return holder;
  }
}

/** True when `holder` may use `agent`. */
export function mayUse(holder: ApiKeyHolder, agent: string): boolean {
  return holder.agents.includes(agent);
}
