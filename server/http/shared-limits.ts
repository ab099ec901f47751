/**
 * Rate limits shared by every server instance on one PostgreSQL database: `rate-limiter-flexible`'s
 * PostgreSQL limiter on the store's pool, one row per key in the `rate_limits` table (created by the
 * store's migrations; expired rows are deleted by the retention sweep). Its windows are fixed
 * (`points` per `windowSeconds`, starting at a key's first request) rather than token buckets.
 */
import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { PostgresStore, type Store } from '../store/index.js';
import { localLimiters, type Limiter, type LimiterFactory } from './rate-limit.js';

/** The table the shared limits live in (see the store's migrations). */
export const RATE_LIMIT_TABLE = 'rate_limits';

/** Limiters on PostgreSQL through `pool`. */
export function postgresLimiters(pool: pg.Pool): LimiterFactory {
  return (name, points, windowSeconds) => {
    const limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: RATE_LIMIT_TABLE,
      tableCreated: true,
      // The retention sweep deletes expired rows; the library's own hourly timer would outlive the pool.
      clearExpiredByTimeout: false,
      keyPrefix: name,
      points,
      duration: windowSeconds,
    });
    const shared: Limiter = {
      consume: async (key, n = 1) => {
        try {
          await limiter.consume(key, n);
          return 0;
        } catch (refusal) {
          if (refusal instanceof RateLimiterRes) return Math.max(1, refusal.msBeforeNext);
          throw refusal;
        }
      },
      wait: async (key) => {
        const state = await limiter.get(key);
        return state && state.consumedPoints >= points ? Math.max(1, state.msBeforeNext) : 0;
      },
      charge: async (key, n) => {
        await limiter.penalty(key, n);
      },
    };
    return shared;
  };
}

/** The limiters for `store`: shared through PostgreSQL, else in this process. */
export function sharedLimiters(store: Store): LimiterFactory {
  return store instanceof PostgresStore ? postgresLimiters(store.sharedPool()) : localLimiters();
}
