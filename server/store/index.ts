import { ConfigError, readSecret } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { MemoryStore } from './memory.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './types.js';
import { DEFAULT_LOCK_WAIT_MS, retryWhenBusy, SQLITE_BUSY_TIMEOUT_MS } from './busy-retry.js';

export { MemoryStore } from './memory.js';
export { PostgresStore, type PostgresStoreOptions } from './postgres.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite.js';
export { DENIAL_PATTERN } from './insights.js';
export { isBusy, retryWhenBusy, StoreBusyError } from './busy-retry.js';
export { MemoryOutbox, type ClaimedMessage, type OutboxMessage, type WebhookOutbox } from './outbox.js';
export { ENDED_RUN_STATUSES, type PurgeCounts, type RetentionCutoffs } from './retention.js';
export type {
  RecordedDecision,
  AuditEntry,
  ConversationQuery,
  ListSessionsQuery,
  OriginSighting,
  PendingCall,
  RunRecord,
  RunStatus,
  SegmentCommit,
  SessionRecord,
  SessionSummary,
  Store,
  ToolActivity,
  ToolActivityQuery,
  ToolCallRecord,
  ToolSighting,
} from './types.js';

/** Default for `store.cacheMb`: the server's SQLite page cache. */
export const DEFAULT_CACHE_MB = 64;

/**
 * Opens the store the config names: `memory`, a `sqlite` file (its folder is created; a relative
 * path is relative to the working directory) or a `postgres` URL, given inline or as `{ env }`.
 * Durable stores are migrated before this resolves. Throws a `ConfigError` when the URL's
 * environment variable is unset.
 */
export async function openStore(config: Config['store'], env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  switch (config.kind) {
    case 'memory':
      return new MemoryStore();
    case 'sqlite':
      // Never block the event loop on another process's lock: wait briefly in the call, retry async.
      return retryWhenBusy(
        new SqliteStore(config.path, {
          busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS,
          checkpoint: config.checkpoint ?? 'background',
          cacheMb: config.cacheMb ?? DEFAULT_CACHE_MB,
        }),
        config.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
      );
    case 'postgres': {
      if (typeof config.url === 'string') return PostgresStore.open({ url: config.url });
      const url = readSecret(config.url, env);
      if (!url)
        throw new ConfigError('(environment)', [
          `store.url: the environment variable ${config.url.env} is not set; it must hold the PostgreSQL connection URL`,
        ]);
      return PostgresStore.open({ url });
    }
  }
}
