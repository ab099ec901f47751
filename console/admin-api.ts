/**
 * The admin API as the console uses it: same-origin `fetch` with `Authorization: Bearer <key>`.
 * The key is sent in a header only, never in a URL. Failures are {@link AdminApiError}s carrying the
 * server's `error` code, `hint` and, for a refused surface, its `issues` (`path: message` lines).
 */

// The wire shapes have one definition each, on the server and in the shared protocol; the console
// imports only their types (erased at build), as the widget does with the bridge's protocol.
import type { OriginRule, WebmcpSettings } from '../bridge/protocol/index.js';
import type {
  TranscriptEntry,
  TranscriptToolCall,
  TranscriptToolResult,
  UnfinishedRun,
} from '../server/routes/conversations.js';
import type { OriginSighting, SessionSummary, ToolSighting } from '../server/store/types.js';
import type { ClientTokenConfig } from '../server/config/schema.js';
import type { SurfaceJson } from '../server/routes/admin.js';
import { ERROR_CODES } from '../bridge/protocol/index.js';

export type {
  OriginRule,
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
  constructor(
    readonly key: string,
    private readonly fetchFn: typeof fetch = (...args) => fetch(...args),
  ) {}

  async #request<T>(method: 'GET' | 'PUT', path: string, signal?: AbortSignal, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.key}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
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

  async tools(surfaceId?: string, signal?: AbortSignal): Promise<ToolSighting[]> {
    const query = surfaceId ? `?surface=${encodeURIComponent(surfaceId)}` : '';
    return (await this.#request<{ tools: ToolSighting[] }>('GET', `/v1/admin/tools${query}`, signal)).tools;
  }

  async origins(signal?: AbortSignal): Promise<OriginSighting[]> {
    return (await this.#request<{ origins: OriginSighting[] }>('GET', '/v1/admin/origins', signal)).origins;
  }

  async conversations(signal?: AbortSignal): Promise<ConversationSummary[]> {
    return (await this.#request<{ conversations: ConversationSummary[] }>('GET', '/v1/conversations?limit=20', signal))
      .conversations;
  }

  conversation(id: string, signal?: AbortSignal): Promise<ConversationDetail> {
    return this.#request<ConversationDetail>('GET', `/v1/conversations/${encodeURIComponent(id)}`, signal);
  }
}
