/**
 * From an agent's `model` config to an adapter's options: `{env}` secrets read from the
 * environment (a missing one is a start-up error naming the variable), time limits and
 * generation settings picked out.
 */
import { ConfigError, readSecret } from '../config/load.js';
import type { ModelConfig, SecretRef } from '../config/schema.js';
import type { GenerationSettings } from './ai-sdk/adapter.js';
import type { TimeLimits } from './ai-sdk/deadline.js';

/** A real provider's config (not the offline model). */
export type ProviderConfig = Extract<ModelConfig, { provider: 'openai-compatible' | 'anthropic' }>;

/** What {@link createModel} may be given besides the config. */
export interface ModelSetup {
  /** Where `{env}` secrets are read (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Where model HTTP requests go (default the global `fetch`). */
  fetch?: typeof fetch;
  /** Config path for error messages, e.g. `agents.shop.model`. */
  where?: string;
}

/** The resolved, provider-neutral options of a real provider. */
export interface ResolvedProvider {
  apiKey?: string;
  headers?: Record<string, string>;
  limits: Partial<TimeLimits>;
  settings: GenerationSettings;
  fetch?: typeof fetch;
}

/** The key Anthropic uses when the config names none. */
export const DEFAULT_ANTHROPIC_KEY: SecretRef = { env: 'ANTHROPIC_API_KEY' };

function missing(where: string, ref: SecretRef, why: string): ConfigError {
  return new ConfigError('(environment)', [
    `${where}: the environment variable ${ref.env} is not set or empty (${why})`,
  ]);
}

/**
 * Reads the secrets and settings of a provider config.
 *
 * @throws ConfigError when a referenced variable is unset, or Anthropic has no key
 */
export function resolveProvider(config: ProviderConfig, setup: ModelSetup = {}): ResolvedProvider {
  const where = setup.where ?? 'model';
  const env = setup.env ?? process.env;
  const keyRef = config.apiKey ?? (config.provider === 'anthropic' ? DEFAULT_ANTHROPIC_KEY : undefined);
  const apiKey = readSecret(keyRef, env);
  if (keyRef && !apiKey) {
    const why =
      config.provider === 'anthropic' ? 'Anthropic needs an API key' : `apiKey names it for ${config.baseURL}`;
    throw missing(`${where}.apiKey`, keyRef, why);
  }
  let headers: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    const text = typeof value === 'string' ? value : readSecret(value, env);
    if (text === undefined) throw missing(`${where}.headers.${name}`, value as SecretRef, 'a header names it');
    (headers ??= {})[name] = text;
  }
  return {
    ...(apiKey ? { apiKey } : {}),
    ...(headers ? { headers } : {}),
    limits: {
      ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
      ...(config.idleTimeoutMs !== undefined ? { idleTimeoutMs: config.idleTimeoutMs } : {}),
    },
    settings: {
      ...(config.maxOutputTokens !== undefined ? { maxOutputTokens: config.maxOutputTokens } : {}),
      ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
    },
    ...(setup.fetch ? { fetch: setup.fetch } : {}),
  };
}
