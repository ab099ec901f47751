/**
 * Two server processes sharing one throwaway PostgreSQL database, for the tests that run a system
 * across instances: started in the calling `describe`'s `beforeAll` — both at once, so both migrate
 * the empty database together (the advisory lock serializes them) — and stopped with the database
 * in its `afterAll`. Not a test file.
 */
import { afterAll, beforeAll } from 'vitest';
import { PostgresStore } from '../store/index.js';
import { startPostgres, type PostgresServer } from '../test-support/postgres.js';
import {
  DATABASE_URL_ENV,
  faultConfig,
  startServer,
  stopAll,
  tempDir,
  writeConfig,
  type ServerProcess,
} from './harness.js';

export interface PostgresPair {
  a: ServerProcess;
  b: ServerProcess;
  /** The database both use. */
  url: string;
  /** The test's own connection to it, to look at what the servers stored. */
  store: PostgresStore;
  dir: ReturnType<typeof tempDir>;
}

export interface PostgresPairOptions {
  /** Temp folder prefix. */
  prefix: string;
  /** Edits the fault config (PostgreSQL store from {@link DATABASE_URL_ENV}) before it is written. */
  config?: (config: Record<string, unknown>) => void;
  /** Environment of both servers, beside the database URL. */
  env?: NodeJS.ProcessEnv;
  /** Runs first in `afterAll` (e.g. closing clients of the servers). */
  beforeStop?: () => Promise<void>;
}

/**
 * Registers the hooks and returns the pair, whose fields are set once `beforeAll` ran.
 *
 * @example
 * const pg = postgresPair({ prefix: 'webmcp-faults-pg-' });
 * it('…', async () => { new Client(pg.a.url); await pg.store.getRun(id); });
 */
export function postgresPair(options: PostgresPairOptions): PostgresPair {
  const pair = { dir: tempDir(options.prefix) } as PostgresPair;
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await startPostgres();
    pair.url = server.url;
    const config = faultConfig({ kind: 'postgres', url: { env: DATABASE_URL_ENV } });
    options.config?.(config);
    const file = writeConfig(pair.dir.file('config.json'), config);
    const env = { ...options.env, [DATABASE_URL_ENV]: server.url };
    [pair.a, pair.b] = await Promise.all([startServer({ config: file, env }), startServer({ config: file, env })]);
    pair.store = await PostgresStore.open({ url: server.url });
  }, 60_000);
  afterAll(async () => {
    try {
      await options.beforeStop?.();
      await stopAll();
      await pair.store?.close();
    } finally {
      await server?.stop();
      pair.dir.remove();
    }
  });
  return pair;
}
