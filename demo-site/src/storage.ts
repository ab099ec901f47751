/** The subset of `Storage` the shop needs; tests pass a `Map`-backed fake. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The tab's `sessionStorage`, or `undefined` where there is none (Node tests) or it is
 * blocked (sandboxed frames, some privacy modes). State then simply lives in memory.
 */
export function sessionStore(): KeyValueStorage | undefined {
  try {
    return globalThis.sessionStorage ?? undefined;
  } catch {
    // Accessing sessionStorage throws a SecurityError when storage is blocked.
    return undefined;
  }
}

/** Reads and parses a JSON value; `undefined` when missing, unreadable or not JSON. */
export function readJson(storage: KeyValueStorage | undefined, key: string): unknown {
  try {
    const raw = storage?.getItem(key);
    return raw == null ? undefined : (JSON.parse(raw) as unknown);
  } catch {
    // A corrupt or blocked entry is treated as absent; the shop starts fresh.
    return undefined;
  }
}

/** Stores a JSON value, ignoring quota and access errors (persistence is best-effort). */
export function writeJson(storage: KeyValueStorage | undefined, key: string, value: unknown): void {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // Best-effort: a full or blocked storage must not break the shop.
  }
}
