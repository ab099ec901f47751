import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../test-support/memory-storage.js';
import { StorageSlot } from './storage-slot.js';

const numbers = (value: unknown) =>
  Array.isArray(value) && value.every((n) => typeof n === 'number') ? value : undefined;

/** A storage that refuses values longer than four characters, as a full quota does. */
class FullStorage extends MemoryStorage {
  override setItem(key: string, value: string): void {
    if (value.length > 4) throw new DOMException('quota', 'QuotaExceededError');
    super.setItem(key, value);
  }
}

describe('StorageSlot', () => {
  it('keeps one JSON value under its key and forgets it on clear', () => {
    const storage = new MemoryStorage();
    const slot = new StorageSlot(() => storage, 'k', numbers);
    expect(slot.read()).toBeUndefined();
    expect(slot.write([1, 2])).toBe(true);
    expect(storage.getItem('k')).toBe('[1,2]');
    expect(slot.read()).toEqual([1, 2]);
    slot.clear();
    expect(storage.length).toBe(0);
  });

  it('reads a corrupted or foreign entry as nothing', () => {
    const storage = new MemoryStorage();
    const slot = new StorageSlot(() => storage, 'k', numbers);
    storage.setItem('k', '{not json');
    expect(slot.read()).toBeUndefined();
    storage.setItem('k', '["a"]');
    expect(slot.read()).toBeUndefined();
  });

  it('never throws when storage is blocked (the getter throws) or full', () => {
    const blocked = new StorageSlot<number[]>(
      () => {
        throw new DOMException('denied', 'SecurityError');
      },
      'k',
      numbers,
    );
    expect(blocked.read()).toBeUndefined();
    expect(blocked.write([1])).toBe(false);
    expect(() => blocked.clear()).not.toThrow();

    const full = new FullStorage();
    const slot = new StorageSlot(() => full, 'k', numbers);
    expect(slot.write([1])).toBe(true);
    expect(slot.write([1, 2, 3])).toBe(false);
    expect(slot.read()).toEqual([1]); // the last value that fit is kept
  });

  it('stores nowhere without a storage', () => {
    const slot = new StorageSlot(() => undefined, 'k', numbers);
    expect(slot.write([1])).toBe(false);
    expect(slot.read()).toBeUndefined();
  });
});
