/**
 * Every secret value the config names (`{ "env": … }` refs: the admin key, model API keys and
 * secret headers, webhook signing secrets, tool secrets, a PostgreSQL URL), collected once at start
 * into one masker that replaces each value with `[secret]` in any text the server writes or sends.
 */
import type { Config, SecretRef } from '../config/schema.js';
import { Secret, redact } from '../tools/secret.js';

/** Values shorter than this are not masked: replacing every `"ab"` in a text would garble it and hide nothing. */
export const MIN_MASKED_LENGTH = 4;

/** Masks every configured secret value in text. */
export class SecretMasker {
  readonly #secrets: Secret[];

  constructor(values: Iterable<string>) {
    // Longest first, so a secret containing another is masked whole.
    const unique = [...new Set(values)].filter((v) => v.length >= MIN_MASKED_LENGTH);
    this.#secrets = unique.sort((a, b) => b.length - a.length).map((v) => new Secret(v));
  }

  /** `text` with every secret value replaced by `[secret]`. */
  mask(text: string): string {
    return this.#secrets.length === 0 ? text : redact(text, this.#secrets);
  }

  /** How many distinct values are masked. */
  get size(): number {
    return this.#secrets.length;
  }

  /** The length of the longest masked value (0 when none). */
  get longest(): number {
    return this.#secrets[0]?.reveal().length ?? 0;
  }
}

/** The value of an environment variable, never an inherited property of the env object. */
function envValue(env: NodeJS.ProcessEnv, ref: SecretRef | undefined): string | undefined {
  if (!ref || !Object.hasOwn(env, ref.env)) return undefined;
  const value = env[ref.env];
  return typeof value === 'string' ? value : undefined;
}

/** Every secret value `config` reads from `env`, in the forms they may be echoed in. */
export function configuredSecretValues(config: Config, env: NodeJS.ProcessEnv): string[] {
  const refs: SecretRef[] = [];
  if (config.adminKey) refs.push(config.adminKey);
  for (const entry of config.apiKeys) refs.push(entry.key);
  if (config.store.kind === 'postgres' && typeof config.store.url !== 'string') refs.push(config.store.url);
  for (const agent of Object.values(config.agents)) {
    if (typeof agent.model === 'object' && 'apiKey' in agent.model && agent.model.apiKey) refs.push(agent.model.apiKey);
    if (typeof agent.model === 'object' && 'headers' in agent.model)
      for (const value of Object.values(agent.model.headers ?? {})) if (typeof value !== 'string') refs.push(value);
    refs.push(...Object.values(agent.secrets));
    for (const tool of agent.tools) if (tool.type === 'webhook') refs.push(tool.secret);
  }
  for (const surface of Object.values(config.surfaces))
    for (const webhook of surface.webhooks ?? []) refs.push(webhook.secret);
  const values: string[] = [];
  for (const ref of refs) {
    const value = envValue(env, ref);
    if (value === undefined) continue;
    values.push(value);
    // A signing secret's key is the base64 after `whsec_`; it may be quoted on its own.
    if (value.startsWith('whsec_')) values.push(value.slice('whsec_'.length));
  }
  return values;
}

/** A masker for every secret value of `config`. */
export function secretMasker(config: Config, env: NodeJS.ProcessEnv): SecretMasker {
  return new SecretMasker(configuredSecretValues(config, env));
}
