/**
 * Read-only admin routes for the console's charts and history (mounted inside `adminRoutes`):
 *
 * - `GET /v1/admin/activity?from=&to=&surface=` (or `?days=`, default 7) — per tool and kind
 *   (`page` | `server`): calls, errors, denials, p50/p95 duration over the window.
 * - `GET /v1/admin/audit?limit=&before=` — admin changes, newest first; `nextBefore` pages on.
 */
import { Hono, type Context } from 'hono';
import { ID_PATTERN } from '../config/schema.js';
import { ApiError } from '../http/errors.js';
import type { Store } from '../store/index.js';

/** The longest window the sightings and activity routes take, in days. */
export const MAX_DAYS = 90;
const DEFAULT_DAYS = 7;
const MAX_AUDIT_PAGE = 200;

/** `?days=` (1–{@link MAX_DAYS}, default 7). */
export function readDays(c: Context): number {
  const raw = c.req.query('days');
  if (raw === undefined || raw === '') return DEFAULT_DAYS;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_DAYS)
    throw new ApiError(400, 'invalid_days', `days: a whole number from 1 to ${MAX_DAYS}.`);
  return n;
}

/** An ISO time from the query (`from`, `to`), normalized; `undefined` when absent. */
export function readTime(c: Context, name: string): string | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  const time = raw.length <= 40 ? Date.parse(raw) : NaN;
  if (Number.isNaN(time)) throw new ApiError(400, 'invalid_time', `${name}: an ISO 8601 date or time.`);
  return new Date(time).toISOString();
}

export function insightRoutes(store: Pick<Store, 'toolActivity' | 'listAudit'>): Hono {
  const app = new Hono();

  app.get('/activity', async (c) => {
    const now = Date.now();
    const to = readTime(c, 'to') ?? new Date(now).toISOString();
    const from = readTime(c, 'from') ?? new Date(Date.parse(to) - readDays(c) * 86_400_000).toISOString();
    if (from >= to) throw new ApiError(400, 'invalid_time', 'from: must be before to.');
    if (Date.parse(to) - Date.parse(from) > MAX_DAYS * 86_400_000)
      throw new ApiError(400, 'invalid_days', `The window is at most ${MAX_DAYS} days.`);
    const surface = c.req.query('surface');
    if (surface && !ID_PATTERN.test(surface))
      throw new ApiError(400, 'invalid_surface_id', 'surface: 1–64 of A–Z, a–z, 0–9, "_" and "-".');
    const tools = await store.toolActivity({ from, to, ...(surface ? { surfaceId: surface } : {}) });
    return c.json({ from, to, tools });
  });

  app.get('/audit', async (c) => {
    const rawLimit = c.req.query('limit') ?? '50';
    const limit = Number(rawLimit);
    if (!/^\d+$/.test(rawLimit) || limit < 1 || limit > MAX_AUDIT_PAGE)
      throw new ApiError(400, 'invalid_limit', `limit: a whole number from 1 to ${MAX_AUDIT_PAGE}.`);
    const before = c.req.query('before');
    if (before !== undefined && !/^\d{1,18}$/.test(before))
      throw new ApiError(400, 'invalid_cursor', 'before: pass back a nextBefore exactly as received.');
    const entries = await store.listAudit({ limit: limit + 1, ...(before ? { before } : {}) });
    const page = entries.slice(0, limit);
    return c.json({ entries: page, nextBefore: entries.length > limit ? (page.at(-1)?.id ?? null) : null });
  });

  return app;
}
