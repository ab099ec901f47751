/**
 * The admin API as the console uses it: same-origin `fetch` with `Authorization: Bearer <key>`.
 * The key is sent in a header only, never in a URL. Failures are {@link AdminApiError}s carrying the
 * server's `error` code, `hint` and, for a refused surface, its `issues` (`path: message` lines).
 */

// The wire shapes have one definition each, on the server and in the shared protocol; the console
// imports only their types (erased at build), as the widget does with the bridge's protocol.
import type { OriginRule, WebmcpSettings } from '../bridge/protocol/index.js';
import type {
  OfferedTool,
  TranscriptEntry,
  TranscriptToolCall,
  TranscriptToolResult,
  UnfinishedRun,
} from '../server/routes/conversations.js';
import type { AuditEntry, OriginSighting, SessionSummary, ToolActivity, ToolSighting } from '../server/store/types.js';
import type { ClientTokenConfig } from '../server/config/schema.js';
import type { SurfaceJson } from '../server/routes/admin.js';
import { ERROR_CODES } from '../bridge/protocol/index.js';

export type {
  AuditEntry,
  OfferedTool,
  OriginRule,
  ToolActivity,
  OriginSighting,
  ToolSighting,
  TranscriptEntry,
  TranscriptToolCall,
  TranscriptToolResult,
  WebmcpSettings,
};

/** A client token of a surface. */
export type ClientToken = ClientTokenConfig;

/** A surface as `GET /v1/admin/surfaces` shows it. */
export type Surface = SurfaceJson;

/** The body `PUT /v1/admin/surfaces/:id` takes: the surface as in the config file. */
export type SurfaceBody = Omit<Surface, 'id' | 'source'>;

/** A conversation in `GET /v1/conversations`. */
export type ConversationSummary = SessionSummary;

/** `GET /v1/conversations/:id`. */
export interface ConversationDetail {
  conversation: ConversationSummary;
  transcript: TranscriptEntry[];
  unfinishedRuns: UnfinishedRun[];
  /** The tools the session's runs were offered: the agent's server tools, then the page's. */
  tools: OfferedTool[];
}

/** `GET /v1/conversations`: one page. */
export interface ConversationPage {
  conversations: ConversationSummary[];
  nextCursor: string | null;
}

/** The conversation list's filters, as the query string names them. */
export interface ConversationFilters {
  q?: string;
  surface?: string;
  origin?: string;
  tool?: string;
  error?: boolean;
  denied?: boolean;
  from?: string;
  to?: string;
}

/** `GET /v1/admin/activity`. */
export interface ActivityReport {
  from: string;
  to: string;
  tools: ToolActivity[];
}

/** The filters as a query string (empty values left out). */
export function filterQuery(filters: ConversationFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === '' || value === false) continue;
    params.set(key, value === true ? '1' : String(value));
  }
  return params;
}

/** A non-2xx answer (or no answer) from the admin API. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly hint: string,
    readonly issues: readonly string[] = [],
  ) {
    super(hint || code);
    this.name = 'AdminApiError';
  }
}

/** The body to PUT back for a surface read from the API (drops the read-only `id` and `source`). */
export function surfaceBody(surface: Surface): SurfaceBody {
  const { id: _id, source: _source, ...body } = surface;
  return structuredClone(body);
}

/** Rejections a rule can fix (not `webmcp_disabled`, not a limit). */
export const ALLOWABLE_REASONS: ReadonlySet<string> = new Set([
  'tool_not_listed',
  'origin_not_listed',
  'allowlist_empty',
]);

/** `body` with a rule `{origin, tools: [tool]}` added; without an allowlist every tool is admitted already. */
export function withRule(body: SurfaceBody, rule: OriginRule): SurfaceBody {
  const webmcp = body.behavior?.webmcp ?? { enabled: true };
  return {
    ...body,
    behavior: { ...body.behavior, webmcp: { ...webmcp, allowlist: [...(webmcp.allowlist ?? []), rule] } },
  };
}

export class AdminApi {
  /** The last answer to each GET and its ETag: a poll that finds nothing new gets the same object back. */
  readonly #cache = new Map<string, { etag: string; data: unknown }>();

  constructor(
    readonly key: string,
    private readonly fetchFn: typeof fetch = (...args) => fetch(...args),
  ) {}

  async #request<T>(method: 'GET' | 'PUT' | 'POST', path: string, signal?: AbortSignal, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.key}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const cached = method === 'GET' ? this.#cache.get(path) : undefined;
    if (cached) headers['if-none-match'] = cached.etag;
    let response: Response;
    try {
      response = await this.fetchFn(path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
        credentials: 'omit',
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new AdminApiError(0, ERROR_CODES.networkError, 'The server did not answer.');
    }
    if (response.status === 304 && cached) return cached.data as T;
    const data = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!response.ok) {
      const issues = Array.isArray(data?.issues) ? data.issues.filter((i): i is string => typeof i === 'string') : [];
      throw new AdminApiError(
        response.status,
        String(data?.error ?? `http_${response.status}`),
        String(data?.hint ?? response.statusText),
        issues,
      );
    }
    const etag = response.headers.get('etag');
    if (method === 'GET' && etag) this.#cache.set(path, { etag, data });
    return data as T;
  }

  async surfaces(signal?: AbortSignal): Promise<Surface[]> {
    return (await this.#request<{ surfaces: Surface[] }>('GET', '/v1/admin/surfaces', signal)).surfaces;
  }

  async surface(id: string, signal?: AbortSignal): Promise<Surface> {
    return (await this.#request<{ surface: Surface }>('GET', `/v1/admin/surfaces/${encodeURIComponent(id)}`, signal))
      .surface;
  }

  async putSurface(id: string, body: SurfaceBody, signal?: AbortSignal): Promise<Surface> {
    return (
      await this.#request<{ surface: Surface }>('PUT', `/v1/admin/surfaces/${encodeURIComponent(id)}`, signal, body)
    ).surface;
  }

  async tools(surfaceId?: string, signal?: AbortSignal, days = 7): Promise<ToolSighting[]> {
    const query = new URLSearchParams({ days: String(days), ...(surfaceId ? { surface: surfaceId } : {}) });
    return (await this.#request<{ tools: ToolSighting[] }>('GET', `/v1/admin/tools?${query}`, signal)).tools;
  }

  /** Admits `tool` on `origin`: the origin's rule is extended, or a rule is created. */
  async allow(surfaceId: string, origin: string, tool: string, signal?: AbortSignal): Promise<Surface> {
    const path = `/v1/admin/surfaces/${encodeURIComponent(surfaceId)}/allow`;
    return (await this.#request<{ surface: Surface }>('POST', path, signal, { origin, tool })).surface;
  }

  activity(days: number, surfaceId?: string, signal?: AbortSignal): Promise<ActivityReport> {
    const query = new URLSearchParams({ days: String(days), ...(surfaceId ? { surface: surfaceId } : {}) });
    return this.#request<ActivityReport>('GET', `/v1/admin/activity?${query}`, signal);
  }

  async audit(signal?: AbortSignal): Promise<AuditEntry[]> {
    return (await this.#request<{ entries: AuditEntry[] }>('GET', '/v1/admin/audit?limit=50', signal)).entries;
  }

  /** The filtered conversations as JSON Lines (the export route), as a Blob to download. */
  async exportConversations(filters: ConversationFilters, signal?: AbortSignal): Promise<Blob> {
    const response = await this.fetchFn(`/v1/conversations/export?${filterQuery(filters)}`, {
      headers: { authorization: `Bearer ${this.key}` },
      credentials: 'omit',
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) throw new AdminApiError(response.status, `http_${response.status}`, response.statusText);
    return response.blob();
  }

  async origins(signal?: AbortSignal): Promise<OriginSighting[]> {
    return (await this.#request<{ origins: OriginSighting[] }>('GET', '/v1/admin/origins', signal)).origins;
  }

  conversations(
    filters: ConversationFilters = {},
    cursor?: string,
    signal?: AbortSignal,
    limit = 20,
  ): Promise<ConversationPage> {
    const query = filterQuery(filters);
    query.set('limit', String(limit));
    if (cursor) query.set('cursor', cursor);
    return this.#request<ConversationPage>('GET', `/v1/conversations?${query}`, signal);
  }

  conversation(id: string, signal?: AbortSignal): Promise<ConversationDetail> {
    return this.#request<ConversationDetail>('GET', `/v1/conversations/${encodeURIComponent(id)}`, signal);
  }
}
