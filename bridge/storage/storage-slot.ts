/**
 * One JSON value under one key of a `Storage` that may be missing, blocked (a sandboxed frame,
 * privacy settings) or full. Reading never throws (anything unreadable is `undefined`); writing
 * never throws (a value that cannot be stored lives as long as the page). The pause journal, the
 * remembered consent and the widget's transcript each keep their value in one.
 *
 * @example
 * const slot = new StorageSlot(() => sessionStorage, 'webmcp-chat:pause:ct_live_x', (v) => (isRun(v) ? v : undefined));
 * slot.write(run);
 * slot.read(); // the run, or undefined when storage is blocked, empty or holds something else
 */
export class StorageSlot<T> {
  /**
   * @param storage Where the value lives; called on each use, so it may throw (blocked storage) or
   *   answer differently over time. `undefined`: nowhere.
   * @param key The storage key.
   * @param accept The value as `T`, or `undefined` for anything stored that is not one.
   */
  constructor(
    private readonly storage: () => Storage | undefined,
    readonly key: string,
    private readonly accept: (value: unknown) => T | undefined,
  ) {}

  /** The stored value; `undefined` when there is none, it is corrupted, or storage is blocked. */
  read(): T | undefined {
    try {
      const raw = this.storage()?.getItem(this.key);
      return raw ? this.accept(JSON.parse(raw)) : undefined;
    } catch {
      return undefined; // blocked storage or a corrupted entry: as if nothing were stored
    }
  }

  /** Stores `value`; returns `false` when storage is missing, blocked or full. */
  write(value: T): boolean {
    try {
      const storage = this.storage();
      storage?.setItem(this.key, JSON.stringify(value));
      return storage !== undefined;
    } catch {
      return false; // full or blocked: the value lives only as long as the page
    }
  }

  /** Removes the value (nothing happens when storage is blocked: nothing durable was there). */
  clear(): void {
    try {
      this.storage()?.removeItem(this.key);
    } catch {
      // storage blocked: there was nothing durable to forget
    }
  }
}

/** `sessionStorage` or `localStorage`, or `undefined` where reading it throws (storage blocked). */
export function browserStorage(name: 'sessionStorage' | 'localStorage'): Storage | undefined {
  try {
    return globalThis[name] ?? undefined;
  } catch {
    return undefined; // storage blocked (sandboxed frame, privacy settings): run without it
  }
}
