/**
 * The admin API (docs/architecture.md), behind `Authorization: Bearer <adminKey>` (see `http/admin-auth.ts`):
 * surfaces (list, create/replace, delete, allow one tool on one origin — validated with the config
 * file's own schema, stored so every instance on the store shares them, in effect without a
 * restart, each change recorded in the audit list), what the boundary saw (tool sightings with the
 * policy's reasons over a window of days, observed origins), tool activity and the audit list
 * (`admin-insights.ts`). Every `GET` answers with an `ETag` and `304` to a matching `If-None-Match`,
 * so the console can poll cheaply.
 */
import { Hono, type Context } from 'hono';
import { etag } from 'hono/etag';
import { z } from 'zod';
import { formatIssues } from '../config/load.js';
import {
  hasId,
  ID_PATTERN,
  idProblem,
  surfaceSchema,
  type Config,
  type SurfaceConfig,
  type WebmcpConfig,
} from '../config/schema.js';
import { readBody } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import type { Store } from '../store/index.js';
import type { SurfaceView, Surfaces } from '../surfaces.js';
import { insightRoutes, readDays } from './admin-insights.js';
import type { OriginTally } from './origin-tally.js';
import { audit, describeChange } from './audit.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';

/** What the admin routes need from the app. */
export interface AdminRoutesDeps {
  store: Store;
  /** This instance's origin counts not written yet: written before the origins are listed. */
  origins?: OriginTally;
  surfaces: Surfaces;
  agents: Config['agents'];
}

/** A surface as the admin API shows it: its id and source, the effective settings, WebMCP defaults filled in. */
export type SurfaceJson = Pick<SurfaceView, 'id' | 'source'> &
  Omit<SurfaceConfig, 'behavior'> & { behavior: { webmcp: WebmcpConfig } };

/** A surface as the admin API shows it: the effective settings, WebMCP defaults filled in. */
export function surfaceJson(view: SurfaceView): SurfaceJson {
  const { surface } = view;
  return {
    id: view.id,
    source: view.source,
    ...surface,
    behavior: { ...surface.behavior, webmcp: surface.behavior?.webmcp ?? { enabled: false } },
  };
}

/** The `/v1/admin` routes (mount behind `adminAuth`). */
export function adminRoutes(deps: AdminRoutesDeps): Hono {
  const app = new Hono();
  app.use('*', etag());

  app.get('/surfaces', async (c) => {
    const surfaces = await deps.surfaces.reload();
    return c.json({ surfaces: surfaces.list().map(surfaceJson) });
  });

  app.get('/surfaces/:id', async (c) => {
    const view = (await deps.surfaces.reload()).get(surfaceId(c));
    if (!view) throw notFound(surfaceId(c));
    return c.json({ surface: surfaceJson(view) });
  });

  app.put('/surfaces/:id', async (c) => {
    const id = surfaceId(c);
    const raw = await readBody(c, z.unknown());
    const parsed = surfaceSchema.safeParse(raw);
    if (!parsed.success) return invalid(c, formatIssues(parsed.error.issues));
    const surface = parsed.data;
    if (!hasId(deps.agents, surface.agent)) return invalid(c, [`agent: no agent named "${surface.agent}"`]);
    const seen = new Set<string>();
    for (const [i, t] of surface.clientTokens.entries()) {
      if (seen.has(t.token)) return invalid(c, [`clientTokens.${i}.token: token listed twice`]);
      seen.add(t.token);
    }
    // Checked against a fresh read, so a token another instance just gave to a surface counts too.
    const current = await deps.surfaces.reload();
    for (const [i, t] of surface.clientTokens.entries()) {
      const owner = current.byToken(t.token)?.surfaceId;
      if (owner && owner !== id) {
        throw new ApiError(
          409,
          ERROR_CODES.clientTokenConflict,
          `clientTokens.${i}.token: token already used by surface "${owner}"`,
        );
      }
    }
    const before = current.get(id)?.surface;
    const next = await deps.surfaces.put(id, surface);
    await audit(deps.store, c, {
      action: before ? 'surface.update' : 'surface.create',
      target: `surface:${id}`,
      summary: describeChange(before, surface),
    });
    return c.json({ surface: surfaceJson(next.get(id)!) }, before ? 200 : 201);
  });

  app.delete('/surfaces/:id', async (c) => {
    const id = surfaceId(c);
    if (!(await deps.surfaces.reload()).get(id)) throw notFound(id);
    await deps.surfaces.remove(id);
    await audit(deps.store, c, { action: 'surface.delete', target: `surface:${id}`, summary: 'deleted' });
    return c.json({ deleted: id });
  });

  // One tool on one origin: the origin's rule gets the name (or a rule is created for it).
  app.post('/surfaces/:id/allow', async (c) => {
    const id = surfaceId(c);
    const body = await readBody(c, allowSchema);
    const view = (await deps.surfaces.reload()).get(id);
    if (!view) throw notFound(id);
    const surface = withAllowed(view.surface, body.origin, body.tool);
    const parsed = surfaceSchema.safeParse(surface);
    if (!parsed.success) return invalid(c, formatIssues(parsed.error.issues));
    const next = await deps.surfaces.put(id, parsed.data);
    await audit(deps.store, c, {
      action: 'rule.allow',
      target: `surface:${id}`,
      summary: `allowed ${body.tool} on ${body.origin}`,
    });
    return c.json({ surface: surfaceJson(next.get(id)!) });
  });

  app.get('/tools', async (c) => {
    const since = new Date(Date.now() - readDays(c) * 86_400_000).toISOString();
    const tools = (await deps.store.listToolSightings(surfaceFilter(c))).filter((t) => t.lastSeen >= since);
    tools.sort(
      (a, b) => compare(a.surfaceId, b.surfaceId) || compare(a.origin, b.origin) || compare(a.toolName, b.toolName),
    );
    return c.json({ tools });
  });

  app.get('/origins', async (c) => {
    await deps.origins?.flush();
    const origins = await deps.store.listOrigins(surfaceFilter(c));
    origins.sort((a, b) => compare(a.surfaceId, b.surfaceId) || compare(a.origin, b.origin));
    return c.json({ origins });
  });

  app.route('/', insightRoutes(deps.store));

  return app;
}

const allowSchema = z.strictObject({
  origin: z.string().min(1).max(512),
  tool: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'a tool name: 1–128 of A–Z, a–z, 0–9, "_", "." and "-"'),
});

/**
 * `surface` admitting `tool` on `origin`: added to the first rule whose origin is exactly `origin`,
 * else a new rule `{origin, tools: [tool]}`. WebMCP is switched on; a surface without an allowlist
 * admits every tool already and is returned as it is.
 */
export function withAllowed(surface: SurfaceConfig, origin: string, tool: string): SurfaceConfig {
  const webmcp = surface.behavior?.webmcp ?? { enabled: true, allowlist: [] };
  if (webmcp.enabled && !webmcp.allowlist) return surface;
  const allowlist = [...(webmcp.allowlist ?? [])];
  const at = allowlist.findIndex((r) => r.origin === origin);
  if (at < 0) allowlist.push({ origin, tools: [tool] });
  else if (!allowlist[at]!.tools.includes(tool))
    allowlist[at] = { ...allowlist[at]!, tools: [...allowlist[at]!.tools, tool] };
  return { ...surface, behavior: { ...surface.behavior, webmcp: { ...webmcp, enabled: true, allowlist } } };
}

function surfaceId(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!ID_PATTERN.test(id))
    throw new ApiError(400, ERROR_CODES.invalidSurfaceId, 'Surface ids are 1–64 of A–Z, a–z, 0–9, "_" and "-".');
  if (idProblem(id)) throw new ApiError(400, ERROR_CODES.invalidSurfaceId, `id: ${idProblem(id)}.`);
  return id;
}

function surfaceFilter(c: Context): string | undefined {
  const surface = c.req.query('surface');
  if (surface === undefined || surface === '') return undefined;
  if (!ID_PATTERN.test(surface))
    throw new ApiError(400, ERROR_CODES.invalidSurfaceId, 'surface: 1–64 of A–Z, a–z, 0–9, "_" and "-".');
  return surface;
}

function notFound(id: string): ApiError {
  return new ApiError(404, ERROR_CODES.surfaceNotFound, `No surface "${id}".`);
}

/** 400 with every problem as a `path: message` line, as the config file's errors read. */
function invalid(c: Context, issues: string[]): Response {
  const lines = issues.flatMap((i) => i.split('\n').map((l) => l.trim()));
  return c.json({ error: ERROR_CODES.invalidRequest, hint: lines[0] ?? 'invalid surface', issues: lines }, 400);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
