/**
 * The contract of the console's store queries (search and filters, tool activity, the audit list),
 * run by `store.test.ts` against every implementation. Not a test file itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { minute, seedSession } from '../test-support/seed.js';
import type { Store } from './types.js';

export function describeInsights(name: string, open: () => Promise<Store>): void {
  describe(`${name} — console queries`, () => {
    const opened: Store[] = [];
    const fresh = async () => opened[opened.push(await open()) - 1]!;
    afterEach(() => Promise.all(opened.splice(0).map((s) => s.close())));

    async function seeded(): Promise<Store> {
      const store = await fresh();
      await store.saveSession(
        seedSession('c1', {
          start: 0,
          user: 'Find a BLUE mug',
          reply: 'Here are two mugs',
          calls: [{ name: 'search_products', durationMs: 100 }],
        }),
      );
      await store.saveSession(
        seedSession('c2', {
          start: 10,
          origin: 'https://b.example',
          user: 'checkout please',
          calls: [{ name: 'checkout', durationMs: 50, outcome: 'denied' }],
        }),
      );
      await store.saveSession(
        seedSession('c3', {
          start: 20,
          surfaceId: 'blog',
          user: 'what is the weather',
          calls: [{ name: 'weather', origin: 'server', durationMs: 7, outcome: 'error' }],
        }),
      );
      // Opened, never written in: not a conversation.
      await store.saveSession({ ...seedSession('c4', { start: 30, user: 'x' }), transcript: [], messageTimes: [] });
      return store;
    }

    const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);

    it('filters by surface, origin, tool, error, denial, date range and words, newest first, in pages', async () => {
      const store = await seeded();
      expect(ids(await store.searchSessions({ limit: 10 }))).toEqual(['c3', 'c2', 'c1']);
      expect(ids(await store.searchSessions({ limit: 10, surfaceId: 'blog' }))).toEqual(['c3']);
      expect(ids(await store.searchSessions({ limit: 10, origin: 'https://b.example' }))).toEqual(['c2']);
      expect(ids(await store.searchSessions({ limit: 10, tool: 'search_products' }))).toEqual(['c1']);
      expect(ids(await store.searchSessions({ limit: 10, tool: 'search' }))).toEqual([]);
      expect(ids(await store.searchSessions({ limit: 10, hadError: true }))).toEqual(['c3']);
      expect(ids(await store.searchSessions({ limit: 10, hadDenial: true }))).toEqual(['c2']);
      expect(ids(await store.searchSessions({ limit: 10, from: minute(11), to: minute(21) }))).toEqual(['c3', 'c2']);
      expect(ids(await store.searchSessions({ limit: 10, text: 'blue MUGS' }))).toEqual(['c1']);
      expect(ids(await store.searchSessions({ limit: 10, text: 'blue weather' }))).toEqual([]);
      const [first] = await store.searchSessions({ limit: 1 });
      expect(first).toMatchObject({ id: 'c3', surfaceId: 'blog', messageCount: 2, hasTools: true });
      const page2 = await store.searchSessions({ limit: 1, before: { updatedAt: first!.updatedAt, id: first!.id } });
      expect(ids(page2)).toEqual(['c2']);
    });

    it('sees a conversation changed since the last query', async () => {
      const store = await seeded();
      expect(ids(await store.searchSessions({ limit: 10, text: 'teapot' }))).toEqual([]);
      const c1 = (await store.getSession('c1'))!;
      c1.transcript.push({ role: 'user', content: 'and a teapot' });
      c1.messageTimes!.push(minute(40));
      c1.updatedAt = minute(40);
      await store.saveSession(c1);
      expect(ids(await store.searchSessions({ limit: 10, text: 'teapot' }))).toEqual(['c1']);
      expect(ids(await store.searchSessions({ limit: 10 }))).toEqual(['c1', 'c3', 'c2']);
    });

    it('sums calls, errors, denials and nearest-rank p50/p95 per tool and kind over the window', async () => {
      const store = await seeded();
      // 20 more calls of search_products, 1…20 ms, in one conversation.
      await store.saveSession(
        seedSession('c5', {
          start: 100,
          user: 'many',
          calls: Array.from({ length: 20 }, (_, i) => ({ name: 'search_products', durationMs: i + 1 })),
        }),
      );
      const all = await store.toolActivity({ from: minute(0), to: minute(1000) });
      expect(all).toEqual([
        { toolName: 'checkout', kind: 'page', calls: 1, errors: 0, denials: 1, p50Ms: 50, p95Ms: 50 },
        // 1…20 and 100: rank ⌈10.5⌉ = 11 → 11; rank ⌈19.95⌉ = 20 → 20.
        { toolName: 'search_products', kind: 'page', calls: 21, errors: 0, denials: 0, p50Ms: 11, p95Ms: 20 },
        { toolName: 'weather', kind: 'server', calls: 1, errors: 1, denials: 0, p50Ms: 7, p95Ms: 7 },
      ]);
      const window = await store.toolActivity({ from: minute(100), to: minute(1000) });
      expect(window).toEqual([
        { toolName: 'search_products', kind: 'page', calls: 20, errors: 0, denials: 0, p50Ms: 10, p95Ms: 19 },
      ]);
      expect(
        (await store.toolActivity({ from: minute(0), to: minute(1000), surfaceId: 'blog' })).map((a) => a.toolName),
      ).toEqual(['weather']);
      expect(await store.toolActivity({ from: minute(5000), to: minute(6000) })).toEqual([]);
    });

    it('keeps the audit list, newest first, in pages', async () => {
      const store = await fresh();
      const entries = [];
      for (const action of ['surface.update', 'rule.allow', 'surface.delete'])
        entries.push(
          await store.appendAudit({
            at: minute(entries.length),
            actor: 'admin',
            action,
            target: 'surface:shop',
            summary: action,
          }),
        );
      const all = await store.listAudit({ limit: 10 });
      expect(all.map((e) => e.action)).toEqual(['surface.delete', 'rule.allow', 'surface.update']);
      expect(all[0]).toEqual(entries[2]);
      expect((await store.listAudit({ limit: 1, before: all[0]!.id })).map((e) => e.action)).toEqual(['rule.allow']);
    });
  });
}
