/**
 * Tool names, the one place that maps them. Canonical `<namespace>:<name>` in the store and
 * transcript (`webmcp:` for page tools, `http:`/`webhook:`/`code:`/`agent:`/`rpc:`/`client_event:` for the
 * operator's server tools); a deterministic provider-safe name (`<namespace>__<name>`, only `[A-Za-z0-9_-]`, at
 * most 64 characters, a hash suffix when shortened or colliding) in model requests.
 */
import { createHash } from 'node:crypto';

/** Where a tool runs: the page, or one of the server's executors. */
export const TOOL_NAMESPACES = ['webmcp', 'http', 'webhook', 'code', 'agent', 'rpc', 'client_event'] as const;
export type ToolNamespace = (typeof TOOL_NAMESPACES)[number];
/** The namespaces of tools the server runs itself. */
export type ServerToolKind = Exclude<ToolNamespace, 'webmcp'>;

export const WEBMCP_PREFIX = 'webmcp:';
const MAX_PROVIDER_NAME = 64;

/** The canonical name of a tool: `webmcp:<name>` unless another namespace is given. */
export function canonicalName(bareName: string, namespace: ToolNamespace = 'webmcp'): string {
  return `${namespace}:${bareName}`;
}

/** The namespace of a canonical name, or `undefined` when it has none this server knows. */
export function namespaceOf(canonical: string): ToolNamespace | undefined {
  const colon = canonical.indexOf(':');
  const namespace = colon > 0 ? canonical.slice(0, colon) : '';
  return (TOOL_NAMESPACES as readonly string[]).includes(namespace) ? (namespace as ToolNamespace) : undefined;
}

/** The bare name of a canonical name (the name without a known namespace). */
export function bareNameOf(canonical: string): string {
  const namespace = namespaceOf(canonical);
  return namespace ? canonical.slice(namespace.length + 1) : canonical;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** The provider name for one canonical name, ignoring collisions. */
export function providerNameOf(canonical: string): string {
  const prefix = `${namespaceOf(canonical) ?? 'webmcp'}__`;
  const bare = bareNameOf(canonical);
  const safe = prefix + bare.replace(/[^A-Za-z0-9_-]/g, '_');
  if (safe.length <= MAX_PROVIDER_NAME && safe === prefix + bare) return safe;
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
