import { randomBytes } from 'node:crypto';

/** A random id with a type prefix, e.g. `exec_3fK…`. */
export function newId(prefix: 'cs' | 'exec' | 'turn' | 'text' | 'reason' | 'call' | 'grp' | 'msg'): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
