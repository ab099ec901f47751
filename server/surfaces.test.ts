import { afterEach, describe, expect, it, vi } from 'vitest';
import { surfaceSchema } from './config/schema.js';
import { MemoryStore } from './store/index.js';
import { Surfaces } from './surfaces.js';
import { ORIGIN, TOKEN, testConfig } from './test-helpers.js';

const kiosk = (token = 'ct_test_kiosk') => ({
  agent: 'shop',
  welcomeMessage: 'Kiosk',
  clientTokens: [{ token, allowedOrigins: ['http://kiosk.test'] }],
});
const parsed = (surface: unknown) => surfaceSchema.parse(surface);

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Surfaces', () => {
  it('serves the config file’s surfaces, compiled', async () => {
    const surfaces = new Surfaces(testConfig(), new MemoryStore());
    const set = await surfaces.current();
    expect(set.list().map((v) => [v.id, v.source])).toEqual([['storefront', 'config']]);
    expect(set.byToken(TOKEN)!.allows(ORIGIN)).toBe(true);
    expect(set.byToken(TOKEN)!.allows('http://evil.test')).toBe(false);
    expect(set.anyTokenAllows(ORIGIN)).toBe(true);
    expect(set.byToken('ct_test_nope')).toBeUndefined();
  });

  it('keeps the compiled set on a refresh that finds the same edits, and rebuilds when they change', async () => {
    const store = new MemoryStore();
    const time = clock();
    const surfaces = new Surfaces(testConfig(), store, { refreshMs: 10, now: time.now });
    const first = await surfaces.put('kiosk', parsed(kiosk()));
    time.advance(20);
    expect(await surfaces.current()).toBe(first);
    await store.setSetting('surface:kiosk', {
      surface: { ...kiosk(), placeholder: 'Changed' },
      updatedAt: new Date().toISOString(),
    });
    time.advance(20);
    const second = await surfaces.current();
    expect(second).not.toBe(first);
    expect(second.get('kiosk')).toMatchObject({ surface: { placeholder: 'Changed' } });
  });

  it('overlays admin edits, hides deleted config surfaces with a tombstone and forgets deleted admin ones', async () => {
    const store = new MemoryStore();
    const surfaces = new Surfaces(testConfig(), store);
    let set = await surfaces.put('kiosk', parsed({ ...kiosk(), placeholder: 'Ask' }));
    expect(set.get('kiosk')).toMatchObject({ source: 'admin', surface: { placeholder: 'Ask' } });
    expect(set.byToken('ct_test_kiosk')!.surfaceId).toBe('kiosk');

    set = await surfaces.remove('storefront');
    expect(set.get('storefront')).toBeUndefined();
    expect(set.byToken(TOKEN)).toBeUndefined();
    expect((await store.getSetting('surface:storefront')) as object).toMatchObject({ deleted: true });

    set = await surfaces.remove('kiosk');
    expect(set.list()).toEqual([]);
    expect(await store.listSettings('surface:')).toHaveLength(1); // only the tombstone
  });

  it('re-reads another instance’s edits at most every refreshMs', async () => {
    const store = new MemoryStore();
    const time = clock();
    const a = new Surfaces(testConfig(), store);
    const b = new Surfaces(testConfig(), store, { refreshMs: 5000, now: time.now });
    const reads = vi.spyOn(store, 'listSettings');
    expect((await b.current()).get('kiosk')).toBeUndefined();
    await a.put('kiosk', parsed(kiosk()));
    const readsBefore = reads.mock.calls.length;
    time.advance(4999);
    expect((await b.current()).get('kiosk')).toBeUndefined();
    expect(reads.mock.calls.length).toBe(readsBefore); // no store read inside the window
    time.advance(1);
    expect((await b.current()).get('kiosk')).toBeDefined();
  });

  it('shares one read between concurrent callers', async () => {
    const store = new MemoryStore();
    const reads = vi.spyOn(store, 'listSettings');
    const surfaces = new Surfaces(testConfig(), store);
    const sets = await Promise.all(Array.from({ length: 10 }, () => surfaces.current()));
    expect(new Set(sets).size).toBe(1);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('ignores stored surfaces it cannot use, and gives a contested token to the first surface by id', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = new MemoryStore();
    await store.setSetting('surface:broken', { surface: { agent: 'shop', clientTokens: 'nope' }, updatedAt: '' });
    await store.setSetting('surface:orphan', { surface: { agent: 'nobody' }, updatedAt: '' });
    await store.setSetting('surface:bad id', { surface: kiosk('ct_test_badid'), updatedAt: '' });
    await store.setSetting('surface:zz', { surface: kiosk(), updatedAt: '' });
    await store.setSetting('surface:aa', { surface: kiosk(), updatedAt: '' });
    const set = await new Surfaces(testConfig(), store).current();
    expect(set.list().map((v) => v.id)).toEqual(['aa', 'storefront', 'zz']);
    expect(set.byToken('ct_test_kiosk')!.surfaceId).toBe('aa');
    expect(set.byToken('ct_test_badid')).toBeUndefined();
    expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/broken[\s\S]*orphan|orphan[\s\S]*broken/);
  });

  it('keeps serving the last surfaces read when the store fails, never the bare config file', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = new MemoryStore();
    const surfaces = new Surfaces(testConfig(), store, { refreshMs: 0 });
    await surfaces.remove('storefront');
    store.listSettings = async () => {
      throw new Error('connection lost');
    };
    expect((await surfaces.current()).byToken(TOKEN)).toBeUndefined();
    await expect(new Surfaces(testConfig(), store).current()).rejects.toThrow('connection lost');
  });
});
