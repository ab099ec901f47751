/**
 * The part of the store contract about what the boundary and the console keep beside runs
 * (`store.suite.ts` registers it): tool sightings, origins and settings. Not a test file.
 */
import { expect, it } from 'vitest';
import type { Store } from './types.js';
import { at } from './samples.js';

/** Registers the sightings, origins and settings tests; `fresh` opens a store that is closed after the test. */
export function describeBoundaryContract(fresh: () => Promise<Store>): void {
  it('upserts tool sightings: count grows, firstSeen kept, lastSeen/status/reason the latest', async () => {
    const store = await fresh();
    const origin = 'https://shop.example';
    await store.recordToolSightings(
      's1',
      origin,
      [
        { toolName: 'search', status: 'admitted', reason: 'rule_matched' },
        { toolName: 'pay', status: 'rejected', reason: 'tool_not_listed' },
      ],
      at(1),
    );
    await store.recordToolSightings(
      's1',
      origin,
      [{ toolName: 'search', status: 'rejected', reason: 'origin_not_listed' }],
      at(2),
    );
    await store.recordToolSightings(
      's1',
      origin,
      [
        { toolName: 'cart', status: 'admitted', reason: 'no_allowlist' },
        { toolName: 'cart', status: 'admitted', reason: 'rule_matched' },
      ],
      at(3),
    );
    await store.recordToolSightings(
      's1',
      'https://other.example',
      [{ toolName: 'search', status: 'admitted', reason: 'rule_matched' }],
      at(4),
    );
    await store.recordToolSightings(
      's2',
      origin,
      [{ toolName: 'search', status: 'admitted', reason: 'rule_matched' }],
      at(5),
    );
    await store.recordToolSightings('s2', origin, [], at(6));
    const byKey = (list: Awaited<ReturnType<Store['listToolSightings']>>) =>
      [...list].sort((a, b) =>
        `${a.surfaceId} ${a.origin} ${a.toolName}`.localeCompare(`${b.surfaceId} ${b.origin} ${b.toolName}`),
      );
    expect(byKey(await store.listToolSightings('s1'))).toEqual([
      {
        surfaceId: 's1',
        origin: 'https://other.example',
        toolName: 'search',
        status: 'admitted',
        reason: 'rule_matched',
        firstSeen: at(4),
        lastSeen: at(4),
        count: 1,
      },
      {
        surfaceId: 's1',
        origin,
        toolName: 'cart',
        status: 'admitted',
        reason: 'rule_matched',
        firstSeen: at(3),
        lastSeen: at(3),
        count: 2,
      },
      {
        surfaceId: 's1',
        origin,
        toolName: 'pay',
        status: 'rejected',
        reason: 'tool_not_listed',
        firstSeen: at(1),
        lastSeen: at(1),
        count: 1,
      },
      {
        surfaceId: 's1',
        origin,
        toolName: 'search',
        status: 'rejected',
        reason: 'origin_not_listed',
        firstSeen: at(1),
        lastSeen: at(2),
        count: 2,
      },
    ]);
    expect(await store.listToolSightings('s2')).toEqual([
      {
        surfaceId: 's2',
        origin,
        toolName: 'search',
        status: 'admitted',
        reason: 'rule_matched',
        firstSeen: at(5),
        lastSeen: at(5),
        count: 1,
      },
    ]);
    expect(await store.listToolSightings()).toHaveLength(5);
    expect(await store.listToolSightings('s3')).toEqual([]);
  });

  it('counts origins per surface, keeping firstSeen', async () => {
    const store = await fresh();
    for (const minute of [1, 2, 3]) await store.recordOrigin('s1', 'https://a.example', at(minute));
    await store.recordOrigin('s2', 'https://a.example', at(4));
    expect(await store.listOrigins('s1')).toEqual([
      { surfaceId: 's1', origin: 'https://a.example', firstSeen: at(1), lastSeen: at(3), requests: 3 },
    ]);
    expect(await store.listOrigins('s2')).toEqual([
      { surfaceId: 's2', origin: 'https://a.example', firstSeen: at(4), lastSeen: at(4), requests: 1 },
    ]);
    expect(await store.listOrigins()).toHaveLength(2);
    expect(await store.listOrigins('s3')).toEqual([]);
  });

  it('gets, sets, overwrites, deletes and lists settings by prefix, with JSON values', async () => {
    const store = await fresh();
    expect(await store.getSetting('surface:a')).toBeUndefined();
    const values: Record<string, unknown> = {
      'surface:a': { agent: 'shop', tokens: [{ token: 'ct_test_x' }], n: 1.5 },
      'surface:b': [1, 'two', null],
      'surface:c': 'text',
      'surface:d': 0,
      'surface:e': false,
      'surface:f': null,
      surfaces: 'not under the prefix',
      'a%_': 'like chars',
      other: true,
    };
    for (const [key, value] of Object.entries(values)) await store.setSetting(key, value);
    for (const [key, value] of Object.entries(values)) expect(await store.getSetting(key)).toEqual(value);
    expect(await store.getSetting('surface:f')).toBeNull();
    await store.setSetting('surface:c', { replaced: true });
    await store.setSetting('surface:e', undefined);
    expect(await store.getSetting('surface:e')).toBeUndefined();
    const list = await store.listSettings('surface:');
    expect(list.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'surface:a', value: values['surface:a'] },
      { key: 'surface:b', value: values['surface:b'] },
      { key: 'surface:c', value: { replaced: true } },
      { key: 'surface:d', value: 0 },
      { key: 'surface:f', value: null },
    ]);
    expect(await store.listSettings('a%')).toEqual([{ key: 'a%_', value: 'like chars' }]);
    expect(await store.listSettings('a_')).toEqual([]);
    expect(await store.listSettings('')).toHaveLength(8);
  });
}
