/**
 * Surfaces and their client tokens: the config file's surfaces overlaid with those edited through
 * the admin API (stored as `surface:<id>` settings, so every instance on the store shares them).
 * Each snapshot is compiled once — token lookup, allowed-origin matchers, the WebMCP policy — and
 * replaced after every admin write in this process and at most every `refreshMs` from the store.
 */
import {
  compileOrigin,
  compilePolicy,
  withToolPatterns,
  type OriginMatcher,
  type ToolPolicy,
} from '../bridge/policy/index.js';
import type { WebmcpSettings } from '../bridge/protocol/index.js';
import { hasId, idProblem, surfaceSchema, type Config, type SurfaceConfig } from './config/schema.js';
import type { Store } from './store/index.js';

/** A client token with its surface and compiled checks. */
export interface TokenEntry {
  token: string;
  surfaceId: string;
  surface: SurfaceConfig;
  /** The surface's WebMCP settings; absent means off. */
  webmcp: WebmcpSettings;
  policy: ToolPolicy;
  allows(origin: string): boolean;
}

/** One effective surface and where it comes from. */
export interface SurfaceView {
  id: string;
  source: 'config' | 'admin';
  surface: SurfaceConfig;
}

/** The stored form of an admin edit: a surface, or a tombstone hiding a config-file surface. */
type StoredSurface = { surface: unknown; updatedAt: string } | { deleted: true; updatedAt: string };

const KEY_PREFIX = 'surface:';

/** An immutable, compiled set of surfaces. */
export class SurfaceSet {
  readonly #views: SurfaceView[];
  readonly #tokens = new Map<string, TokenEntry>();
  readonly #anyOrigin: OriginMatcher[] = [];
  /** Tokens a later surface also claimed (ids sort first-wins, the same on every instance). */
  readonly conflicts: string[] = [];

  constructor(views: readonly SurfaceView[]) {
    this.#views = [...views].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const { id: surfaceId, surface } of this.#views) {
      // The settings as the browser gets them: rules carry their picomatch-compiled patterns.
      const webmcp: WebmcpSettings = withToolPatterns(surface.behavior?.webmcp ?? { enabled: false });
      const policy = compilePolicy(webmcp);
      for (const t of surface.clientTokens) {
        if (this.#tokens.has(t.token)) {
          this.conflicts.push(
            `surface "${surfaceId}" reuses the token of surface "${this.#tokens.get(t.token)!.surfaceId}"; ignored there`,
          );
          continue;
        }
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

  /** The surface a client token belongs to, with its compiled checks. */
  byToken(token: string): TokenEntry | undefined {
    return this.#tokens.get(token);
  }

  /** True when some token allows `origin`: used to answer CORS preflights, which carry no token. */
  anyTokenAllows(origin: string): boolean {
    return this.#anyOrigin.some((m) => m(origin));
  }

  /** The surface `id`, when it exists. */
  get(id: string): SurfaceView | undefined {
    return this.#views.find((v) => v.id === id);
  }

  /** Every effective surface, sorted by id. */
  list(): readonly SurfaceView[] {
    return this.#views;
  }
}

export interface SurfacesOptions {
  /** Re-read admin edits from the store at most this often (default 5 s). */
  refreshMs?: number;
  now?: () => number;
  /** Where warnings go (an unusable stored surface, a failed re-read); default `console.warn`. */
  warn?: (message: string, error?: unknown) => void;
}

/**
 * The live surfaces of one server instance.
 *
 * @example
 * const entry = (await surfaces.current()).byToken(token); // at most `refreshMs` stale
 */
export class Surfaces {
  readonly #refreshMs: number;
  readonly #now: () => number;
  readonly #log: (message: string, error?: unknown) => void;
  readonly #warned = new Set<string>();
  #set: SurfaceSet;
  #loadedAt = -Infinity;
  #loading: Promise<SurfaceSet> | undefined;
  /** The stored edits the current set was built from, to skip rebuilding when nothing changed. */
  #builtFrom: string | undefined;

  constructor(
    private readonly config: Pick<Config, 'surfaces' | 'agents'>,
    private readonly store: Pick<Store, 'listSettings' | 'setSetting'>,
    options: SurfacesOptions = {},
  ) {
    this.#refreshMs = options.refreshMs ?? 5000;
    this.#now = options.now ?? Date.now;
    this.#log =
      options.warn ?? ((message, error) => console.warn(`[webmcp-chat] ${message}`, ...(error ? [error] : [])));
    this.#set = new SurfaceSet([...this.#fromConfig().values()]);
  }

  /** The current surfaces, re-read from the store when older than `refreshMs`. */
  current(): Promise<SurfaceSet> {
    if (this.#now() - this.#loadedAt < this.#refreshMs) return Promise.resolve(this.#set);
    return this.reload();
  }

  /** Re-reads admin edits from the store now (one read at a time; concurrent callers share it). */
  reload(): Promise<SurfaceSet> {
    this.#loading ??= this.#load().finally(() => (this.#loading = undefined));
    return this.#loading;
  }

  /** Saves an admin edit of surface `id` (already validated) and reloads. */
  async put(id: string, surface: SurfaceConfig): Promise<SurfaceSet> {
    await this.store.setSetting(KEY_PREFIX + id, {
      surface,
      updatedAt: new Date().toISOString(),
    } satisfies StoredSurface);
    await this.#loading; // a read that started before the write must not overwrite the reload below
    return this.reload();
  }

  /** Deletes surface `id` (a tombstone when it comes from the config file) and reloads. */
  async remove(id: string): Promise<SurfaceSet> {
    const value: StoredSurface | undefined = hasId(this.config.surfaces, id)
      ? { deleted: true, updatedAt: new Date().toISOString() }
      : undefined;
    await this.store.setSetting(KEY_PREFIX + id, value);
    await this.#loading;
    return this.reload();
  }

  #fromConfig(): Map<string, SurfaceView> {
    return new Map(
      Object.entries(this.config.surfaces).map(([id, surface]) => [id, { id, source: 'config' as const, surface }]),
    );
  }

  async #load(): Promise<SurfaceSet> {
    let stored: Array<{ key: string; value: unknown }>;
    try {
      stored = await this.store.listSettings(KEY_PREFIX);
    } catch (error) {
      // Never fall back to the bare config file: it would bring back surfaces an admin deleted.
      if (this.#loadedAt === -Infinity) throw error;
      this.#log('could not re-read surfaces; serving the last ones read', error);
      this.#loadedAt = this.#now();
      return this.#set;
    }
    // Most refreshes find the same edits: keep the compiled set (matchers, policies, patterns).
    const signature = JSON.stringify(stored);
    if (signature === this.#builtFrom) {
      this.#loadedAt = this.#now();
      return this.#set;
    }
    const views = this.#fromConfig();
    for (const { key, value } of stored) {
      const id = key.slice(KEY_PREFIX.length);
      const edit = value as Partial<{ surface: unknown; deleted: boolean }> | null;
      if (idProblem(id) || !edit || typeof edit !== 'object') continue;
      if (edit.deleted === true) {
        views.delete(id);
        continue;
      }
      const parsed = surfaceSchema.safeParse(edit.surface);
      if (!parsed.success || !hasId(this.config.agents, parsed.data.agent)) {
        // Written by another version of the server or by hand: keep serving the rest.
        this.#warn(
          `ignoring stored surface "${id}": ${parsed.success ? `no agent "${parsed.data.agent}"` : parsed.error.issues[0]?.message}`,
        );
        continue;
      }
      views.set(id, { id, source: 'admin', surface: parsed.data });
    }
    const set = new SurfaceSet([...views.values()]);
    for (const conflict of set.conflicts) this.#warn(conflict);
    this.#set = set;
    this.#builtFrom = signature;
    this.#loadedAt = this.#now();
    return set;
  }

  #warn(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    this.#log(message);
  }
}
