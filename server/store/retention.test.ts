import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { postgresTestsRun, startPostgres, type PostgresServer } from '../test-support/postgres.js';
import { MemoryStore, PostgresStore, SqliteStore } from './index.js';
import { describeRetention } from './retention.suite.js';

describeRetention('MemoryStore', async () => new MemoryStore());

const dir = mkdtempSync(join(tmpdir(), 'webmcp-retention-'));
let files = 0;
describeRetention('SqliteStore (file)', async () => new SqliteStore(join(dir, `${++files}.db`)));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const describePg = describe.skipIf(!postgresTestsRun('the PostgreSQL retention tests'));
describePg('PostgreSQL', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(() => server?.stop());
  describeRetention('PostgresStore', async () => PostgresStore.open({ url: await server.createDatabase() }));
});
