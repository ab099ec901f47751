/**
 * Tool names: canonical `webmcp:<name>` in the store and transcript; a deterministic
 * provider-safe name (`webmcp__<name>`, only `[A-Za-z0-9_-]`, at most 64 characters, a hash
 * suffix when shortened or colliding) in model requests.
 */
import { createHash } from 'node:crypto';

export const WEBMCP_PREFIX = 'webmcp:';
const PROVIDER_PREFIX = 'webmcp__';
const MAX_PROVIDER_NAME = 64;

export function canonicalName(bareName: string): string {
  return WEBMCP_PREFIX + bareName;
}

export function bareNameOf(canonical: string): string {
  return canonical.startsWith(WEBMCP_PREFIX) ? canonical.slice(WEBMCP_PREFIX.length) : canonical;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** The provider name for one canonical name, ignoring collisions. */
export function providerNameOf(canonical: string): string {
  const safe = PROVIDER_PREFIX + bareNameOf(canonical).replace(/[^A-Za-z0-9_-]/g, '_');
  if (safe.length <= MAX_PROVIDER_NAME && safe === PROVIDER_PREFIX + bareNameOf(canonical)) return safe;
  // Characters were replaced or the name is too long: a hash of the canonical name keeps it unique.
  return safe.slice(0, MAX_PROVIDER_NAME - 9) + '_' + shortHash(canonical);
}

/** A two-way map for one request's tools; collisions get hash suffixes, deterministically. */
export class ToolNameMap {
  readonly #toProvider = new Map<string, string>();
  readonly #toCanonical = new Map<string, string>();

  constructor(canonicalNames: readonly string[]) {
    for (const canonical of [...canonicalNames].sort()) {
      let name = providerNameOf(canonical);
      // Re-hash until free: a suffixed name may itself be taken by a tool named exactly like it.
      for (let salt = '#'; this.#toCanonical.has(name); salt += '#') {
        name = name.slice(0, MAX_PROVIDER_NAME - 9) + '_' + shortHash(canonical + salt);
      }
      this.#toProvider.set(canonical, name);
      this.#toCanonical.set(name, canonical);
    }
  }

  provider(canonical: string): string {
    return this.#toProvider.get(canonical) ?? providerNameOf(canonical);
  }

  /** The canonical name for a provider name, or `undefined` for a tool the model made up. */
  canonical(providerName: string): string | undefined {
    return this.#toCanonical.get(providerName);
  }
}
