import { randomFillSync } from 'node:crypto';

/** Random bytes drawn from the CSPRNG 4 KB at a time: one call per ~340 ids instead of one per id. */
const pool = Buffer.alloc(4096);
let used = pool.length;

/** A random id with a type prefix, e.g. `exec_3fK…` (96 random bits). */
export function newId(prefix: 'cs' | 'exec' | 'turn' | 'text' | 'reason' | 'call' | 'grp' | 'msg' | 'seg'): string {
  if (used + 12 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const id = pool.toString('base64url', used, used + 12);
  used += 12;
  return `${prefix}_${id}`;
}
