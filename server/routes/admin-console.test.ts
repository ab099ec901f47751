/**
 * The admin routes the console's newer views use: Allow (extends the origin's rule), the audit
 * list, the sightings window, tool activity, conversation filters and the JSONL export, and
 * ETag/If-None-Match on the GETs.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore, type AuditEntry, type SessionSummary } from '../store/index.js';
import { minute, seedSession } from '../test-support/seed.js';
import { ORIGIN, TOKEN, makeApp } from '../test-helpers.js';
import { ADMIN_KEY, admin, withAdmin } from '../test-support/admin.js';

const OTHER = 'https://other.example';

function adminApp(store = new MemoryStore()) {
  return makeApp({
    ...withAdmin((c) => {
      c.surfaces.storefront.behavior.webmcp.allowlist = [
        { origin: ORIGIN, tools: ['search_*'] },
        { origin: '*', tools: ['read_page'] },
      ];
    }),
    store,
  });
}

async function auditList(app: ReturnType<typeof adminApp>['app']): Promise<AuditEntry[]> {
  return ((await (await admin(app, 'GET', '/v1/admin/audit')).json()) as { entries: AuditEntry[] }).entries;
}

describe('Allow and the audit list', () => {
  it('extends the origin’s existing rule, creates one for a new origin, and records who/what/when', async () => {
    const { app } = adminApp();
    const res = await admin(app, 'POST', '/v1/admin/surfaces/storefront/allow', { origin: ORIGIN, tool: 'get_cart' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { surface: { behavior: { webmcp: { allowlist: unknown[] } } } };
    expect(body.surface.behavior.webmcp.allowlist).toEqual([
      { origin: ORIGIN, tools: ['search_*', 'get_cart'] },
      { origin: '*', tools: ['read_page'] },
    ]);
    await admin(app, 'POST', '/v1/admin/surfaces/storefront/allow', { origin: OTHER, tool: 'get_cart' });
    const surface = (await (await admin(app, 'GET', '/v1/admin/surfaces/storefront')).json()) as {
      surface: { behavior: { webmcp: { allowlist: unknown[] } } };
    };
    expect(surface.surface.behavior.webmcp.allowlist).toHaveLength(3);
    expect(surface.surface.behavior.webmcp.allowlist[2]).toEqual({ origin: OTHER, tools: ['get_cart'] });

    const current = surface.surface as Record<string, unknown>;
    const { id: _id, source: _source, ...put } = current;
    (put.clientTokens as Array<{ allowedOrigins: string[] }>)[0]!.allowedOrigins = [ORIGIN, OTHER];
    expect((await admin(app, 'PUT', '/v1/admin/surfaces/storefront', put)).status).toBe(200);
    expect((await admin(app, 'DELETE', '/v1/admin/surfaces/storefront')).status).toBe(200);

    const entries = await auditList(app);
    expect(entries.map((e) => [e.actor, e.action, e.target, e.summary])).toEqual([
      ['admin', 'surface.delete', 'surface:storefront', 'deleted'],
      ['admin', 'surface.update', 'surface:storefront', `origins of ${TOKEN}: +${OTHER}`],
      ['admin', 'rule.allow', 'surface:storefront', `allowed get_cart on ${OTHER}`],
      ['admin', 'rule.allow', 'surface:storefront', `allowed get_cart on ${ORIGIN}`],
    ]);
    expect(Date.parse(entries[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(entries)).not.toContain(ADMIN_KEY);
  });

  it('refuses a bad Allow with the path, changing nothing', async () => {
    const { app } = adminApp();
    const bad = await admin(app, 'POST', '/v1/admin/surfaces/storefront/allow', { origin: ORIGIN, tool: 'no spaces' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { hint: string }).hint).toContain('tool');
    const missing = await admin(app, 'POST', '/v1/admin/surfaces/nope/allow', { origin: ORIGIN, tool: 'x' });
    expect(missing.status).toBe(404);
    expect(await auditList(app)).toEqual([]);
  });
});

describe('windows, activity and ETags', () => {
  it('lists sightings seen within the window of days', async () => {
    const store = new MemoryStore();
    const { app } = adminApp(store);
    const old = new Date(Date.now() - 10 * 86_400_000).toISOString();
    await store.recordToolSightings(
      'storefront',
      ORIGIN,
      [{ toolName: 'old_tool', status: 'rejected', reason: 'tool_not_listed' }],
      old,
    );
    await store.recordToolSightings(
      'storefront',
      ORIGIN,
      [{ toolName: 'new_tool', status: 'rejected', reason: 'tool_not_listed' }],
      new Date().toISOString(),
    );
    const names = async (q: string) =>
      (
        (await (await admin(app, 'GET', `/v1/admin/tools${q}`)).json()) as { tools: Array<{ toolName: string }> }
      ).tools.map((t) => t.toolName);
    expect(await names('')).toEqual(['new_tool']);
    expect(await names('?days=30')).toEqual(['new_tool', 'old_tool']);
    expect((await admin(app, 'GET', '/v1/admin/tools?days=0')).status).toBe(400);
  });

  it('answers activity over a window and 304s an unchanged GET', async () => {
    const store = new MemoryStore();
    const { app } = adminApp(store);
    await store.saveSession(seedSession('c1', { start: 0, user: 'hi', calls: [{ name: 'get_cart', durationMs: 12 }] }));
    const path = `/v1/admin/activity?from=${minute(0)}&to=${minute(100)}`;
    const res = await admin(app, 'GET', path);
    const body = (await res.json()) as { tools: unknown[] };
    expect(body.tools).toEqual([
      { toolName: 'get_cart', kind: 'page', calls: 1, errors: 0, denials: 0, p50Ms: 12, p95Ms: 12 },
    ]);
    const tag = res.headers.get('etag')!;
    expect(tag).toBeTruthy();
    const same = await app.request(path, { headers: { authorization: `Bearer ${ADMIN_KEY}`, 'if-none-match': tag } });
    expect(same.status).toBe(304);
    await store.saveSession(seedSession('c2', { start: 5, user: 'hi', calls: [{ name: 'get_cart', durationMs: 30 }] }));
    const changed = await app.request(path, {
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'if-none-match': tag },
    });
    expect(changed.status).toBe(200);
    expect((await admin(app, 'GET', `/v1/admin/activity?from=${minute(5)}&to=${minute(1)}`)).status).toBe(400);
  });
});

describe('conversation filters and export', () => {
  it('filters the list and exports the filtered set as JSON Lines', async () => {
    const store = new MemoryStore();
    const { app } = adminApp(store);
    for (let i = 0; i < 30; i++) {
      await store.saveSession(
        seedSession(`c${String(i).padStart(2, '0')}`, {
          start: i * 10,
          user: i % 3 === 0 ? `need a teapot ${i}` : `hello ${i}`,
          calls: [{ name: i % 2 ? 'checkout' : 'get_cart', outcome: i % 5 === 0 ? 'error' : 'ok', durationMs: i }],
        }),
      );
    }
    const list = async (q: string) =>
      (await (await admin(app, 'GET', `/v1/conversations?${q}`)).json()) as {
        conversations: SessionSummary[];
        nextCursor: string | null;
      };
    const teapots = await list('q=TEAPOT&limit=4');
    expect(teapots.conversations.map((c) => c.id)).toEqual(['c27', 'c24', 'c21', 'c18']);
    const next = await list(`q=teapot&limit=4&cursor=${teapots.nextCursor}`);
    expect(next.conversations.map((c) => c.id)).toEqual(['c15', 'c12', 'c09', 'c06']);
    expect((await list('tool=checkout&error=1')).conversations.map((c) => c.id)).toEqual(['c25', 'c15', 'c05']);
    expect((await list(`from=${minute(200)}&to=${minute(250)}&tool=get_cart`)).conversations.map((c) => c.id)).toEqual([
      'c24',
      'c22',
      'c20',
    ]);
    expect((await admin(app, 'GET', '/v1/conversations?error=maybe')).status).toBe(400);
    expect((await admin(app, 'GET', '/v1/conversations?tool=a%20b')).status).toBe(400);

    const exported = await admin(app, 'GET', '/v1/conversations/export?q=teapot');
    expect(exported.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await exported.text())
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            conversation: SessionSummary;
            transcript: Array<{ role: string; toolResults?: Array<{ origin: string; durationMs: number }> }>;
          },
      );
    expect(lines.map((l) => l.conversation.id)).toEqual([
      'c27',
      'c24',
      'c21',
      'c18',
      'c15',
      'c12',
      'c09',
      'c06',
      'c03',
      'c00',
    ]);
    expect(lines[0]!.transcript[1]!.toolResults).toEqual([expect.objectContaining({ origin: 'page', durationMs: 27 })]);
    expect((await admin(app, 'GET', '/v1/conversations/export', undefined, null)).status).toBe(401);
  });
});
