import { randomFillSync } from 'node:crypto';

/** Random bytes drawn from the CSPRNG 4 KB at a time: one call per ~340 ids instead of one per id. */
const pool = Buffer.alloc(4096);
let used = pool.length;

type Prefix = 'cs' | 'exec' | 'turn' | 'text' | 'reason' | 'call' | 'grp' | 'msg' | 'seg';

/**
 * The ids that key the store's big tables (sessions; runs and their events): they start with their
 * creation time, so rows made in the same moments sit together in every index keyed by them.
 */
const TIME_ORDERED: ReadonlySet<Prefix> = new Set(['cs', 'exec']);

/** The base64url characters in ASCII order: numbers written with them sort as their text does. */
const SORTABLE = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
/** Characters of the time part: 64^7 ms reaches the year 2109. */
const TIME_CHARS = 7;

/** `ms` in {@link TIME_CHARS} sortable characters: later times sort after earlier ones. */
export function sortableTime(ms: number): string {
  let out = '';
  let rest = Math.max(0, Math.floor(ms));
  for (let i = 0; i < TIME_CHARS; i++) {
    out = SORTABLE[rest % 64]! + out;
    rest = Math.floor(rest / 64);
  }
  return out;
}

/**
 * A random id with a type prefix, e.g. `exec_3fK…` (96 random bits). Session and execution ids put
 * their creation time (milliseconds, 7 characters that sort in time order) before the random part
 * (`exec_P849nTH3Lj5p…`): a resume's writes to the events, runs and sessions indexes then land in the
 * pages the other resumes of the moment write too, instead of one random page each. The creation
 * time is no secret (frames carry it); the random part is what makes an id unguessable.
 */
export function newId(prefix: Prefix): string {
  if (used + 12 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const id = pool.toString('base64url', used, used + 12);
  used += 12;
  return TIME_ORDERED.has(prefix) ? `${prefix}_${sortableTime(Date.now())}${id}` : `${prefix}_${id}`;
}
