/**
 * Surfaces and their client tokens, compiled from the config: token lookup, each token's
 * allowed-origin matchers and the surface's WebMCP policy, all built once.
 */
import { compileOrigin, compilePolicy, type OriginMatcher, type ToolPolicy } from '../bridge/policy/index.js';
import type { WebmcpSettings } from '../bridge/protocol/index.js';
import type { Config, SurfaceConfig } from './config/schema.js';

export interface TokenEntry {
  token: string;
  surfaceId: string;
  surface: SurfaceConfig;
  /** The surface's WebMCP settings; absent means off. */
  webmcp: WebmcpSettings;
  policy: ToolPolicy;
  allows(origin: string): boolean;
}

export class Surfaces {
  readonly #tokens = new Map<string, TokenEntry>();
  readonly #anyOrigin: OriginMatcher[] = [];

  constructor(config: Config) {
    for (const [surfaceId, surface] of Object.entries(config.surfaces)) {
      const webmcp: WebmcpSettings = surface.behavior?.webmcp ?? { enabled: false };
      const policy = compilePolicy(webmcp);
      for (const t of surface.clientTokens) {
        const matchers = t.allowedOrigins.map((o) => compileOrigin(o));
        this.#anyOrigin.push(...matchers);
        this.#tokens.set(t.token, {
          token: t.token,
          surfaceId,
          surface,
          webmcp,
          policy,
          allows: (origin) => matchers.some((m) => m(origin)),
        });
      }
    }
  }

  byToken(token: string): TokenEntry | undefined {
    return this.#tokens.get(token);
  }

  /** True when some token allows `origin`: used to answer CORS preflights, which carry no token. */
  anyTokenAllows(origin: string): boolean {
    return this.#anyOrigin.some((m) => m(origin));
  }
}
