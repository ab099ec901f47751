import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTestsRun, startPostgres, type PostgresServer } from '../test-support/postgres.js';
import {
  MemoryStore,
  openStore,
  PostgresStore,
  SqliteStore,
  type RunRecord,
  type SessionRecord,
  type Store,
} from './index.js';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from './schema.js';
import { describeInsights } from './insights.suite.js';
import { describeStore, expectNoLostUpdates, sampleEvent, sampleRun, sampleSession } from './store.suite.js';

describeStore('MemoryStore', async () => new MemoryStore());
describeInsights('MemoryStore', async () => new MemoryStore());
describeInsights('SqliteStore', async () => new SqliteStore(':memory:'));

const contractDir = mkdtempSync(join(tmpdir(), 'webmcp-sqlite-'));
let contractFiles = 0;
describeStore(
  'SqliteStore (file)',
  async () => new SqliteStore(join(contractDir, `${++contractFiles}.db`)),
  () => rmSync(contractDir, { recursive: true, force: true }),
);
describeStore('SqliteStore (:memory:)', async () => new SqliteStore(':memory:'));

/** Writes one of everything, so a second handle can check it sees it all. */
async function writeAll(store: Store): Promise<void> {
  await store.saveSession(sampleSession('sess_1'));
  await store.saveRun(sampleRun('exec_1'));
  await store.appendEvents('exec_1', [sampleEvent('exec_1', 1), sampleEvent('exec_1', 2)]);
  await store.recordToolSightings(
    's',
    'https://a.example',
    [{ toolName: 't', status: 'admitted', reason: 'rule_matched' }],
    '2030-01-01T00:00:00.000Z',
  );
  await store.recordOrigin('s', 'https://a.example', '2030-01-01T00:00:00.000Z');
  await store.setSetting('surface:s', { agent: 'shop' });
}

async function expectAll(store: Store): Promise<void> {
  expect(await store.getSession('sess_1')).toEqual(sampleSession('sess_1'));
  expect(await store.getRun('exec_1')).toEqual(sampleRun('exec_1'));
  expect(await store.listEvents('exec_1', 0)).toEqual([sampleEvent('exec_1', 1), sampleEvent('exec_1', 2)]);
  expect(await store.listToolSightings('s')).toHaveLength(1);
  expect(await store.listOrigins('s')).toHaveLength(1);
  expect(await store.getSetting('surface:s')).toEqual({ agent: 'shop' });
}

/** 50 claims of one paused run spread over several handles on one database: exactly one wins. */
async function expectOneClaim(stores: Store[]): Promise<void> {
  await stores[0]!.saveRun(sampleRun('exec_race'));
  const claims = await Promise.all(
    Array.from({ length: 50 }, (_, i) => stores[i % stores.length]!.claimRun('exec_race', 2)),
  );
  expect(claims.filter(Boolean)).toHaveLength(1);
  for (const store of stores) expect(await store.getRun('exec_race')).toMatchObject({ status: 'running', version: 3 });
}

/**
 * Records as a version-1 database holds them (no updatedAt, times or call details): one session
 * with tools and a paused run, one without messages, one plain chat on another surface.
 */
function v1Records(): { sessions: SessionRecord[]; runs: RunRecord[] } {
  const strip = ({ updatedAt: _u, messageTimes: _t, calls: _c, ...rest }: SessionRecord): SessionRecord => rest;
  const withTools = strip(sampleSession('sess_old_tools'));
  const {
    messageTimes: _t,
    calls: _c,
    ...run
  } = sampleRun('exec_old', {
    sessionId: 'sess_old_tools',
    history: [
      ...withTools.transcript,
      { role: 'user', content: 'again' },
      { role: 'assistant', content: null, toolCalls: [{ id: 'c2', name: 'webmcp__search', arguments: {} }] },
    ],
    transcriptLength: withTools.transcript.length,
    updatedAt: '2030-01-01T00:07:00.000Z',
  });
  return {
    sessions: [
      withTools,
      { ...strip(sampleSession('sess_old_empty')), transcript: [] },
      {
        ...strip(sampleSession('sess_old_chat')),
        surfaceId: 'kiosk',
        createdAt: '2030-01-01T00:01:00.000Z',
        transcript: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello' },
        ],
      },
    ],
    runs: [run],
  };
}

/** What a store migrated from {@link v1Records} must answer. */
async function expectMigrated(store: Store): Promise<void> {
  expect(await store.listSessions({ limit: 10 })).toEqual([
    {
      id: 'sess_old_tools',
      surfaceId: 'storefront',
      origin: 'http://localhost:5173',
      createdAt: '2030-01-01T00:00:00.000Z',
      updatedAt: '2030-01-01T00:07:00.000Z',
      messageCount: 5,
      hasTools: true,
    },
    {
      id: 'sess_old_chat',
      surfaceId: 'kiosk',
      origin: 'http://localhost:5173',
      createdAt: '2030-01-01T00:01:00.000Z',
      updatedAt: '2030-01-01T00:01:00.000Z',
      messageCount: 2,
      hasTools: false,
    },
  ]);
  expect(await store.listSessions({ limit: 10, surfaceId: 'kiosk' })).toHaveLength(1);
  const session = await store.getSession('sess_old_tools');
  expect(session).toEqual({ ...v1Records().sessions[0], updatedAt: '2030-01-01T00:07:00.000Z' });
  expect((await store.listRuns({ sessionId: 'sess_old_tools', status: ['awaiting'] })).map((r) => r.id)).toEqual([
    'exec_old',
  ]);
}

const sqliteDir = mkdtempSync(join(tmpdir(), 'webmcp-sqlite-'));
let sqliteFiles = 0;
/** A path in folders that do not exist yet: the store creates them. */
const sqlitePath = () => join(sqliteDir, `${++sqliteFiles}`, 'nested', 'store.db');
afterAll(() => rmSync(sqliteDir, { recursive: true, force: true }));

describe('SqliteStore on a file', () => {
  it('keeps everything across close and reopen (a restart), in WAL mode', async () => {
    const path = sqlitePath();
    const first = new SqliteStore(path);
    await writeAll(first);
    await first.close();
    await expect(first.getSession('sess_1')).rejects.toThrow();
    const second = new SqliteStore(path);
    await expectAll(second);
    await second.close();
    const db = new Database(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version FROM schema_version').all()).toEqual(
      SQLITE_MIGRATIONS.map((_, i) => ({ version: i + 1 })),
    );
    db.close();
  });

  it('shares one file between two handles: writes seen both ways, one claim wins', async () => {
    const path = sqlitePath();
    const stores = [new SqliteStore(path), new SqliteStore(path)];
    await writeAll(stores[0]!);
    await expectAll(stores[1]!);
    await expectOneClaim(stores);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('migrates a version-1 file, filling the new columns from the records, and may run the migration again', async () => {
    const path = sqlitePath();
    mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
    db.exec(SQLITE_MIGRATIONS[0]!.sql);
    db.prepare('INSERT INTO schema_version (version) VALUES (1)').run();
    const { sessions, runs } = v1Records();
    for (const session of sessions)
      db.prepare('INSERT INTO sessions (id, data) VALUES (?, ?)').run(session.id, JSON.stringify(session));
    for (const run of runs) {
      db.prepare('INSERT INTO runs (id, status, version, paused_at, updated_at, data) VALUES (?, ?, ?, ?, ?, ?)').run(
        run.id,
        run.status,
        run.version,
        run.pausedAt ?? null,
        run.updatedAt,
        JSON.stringify(run),
      );
    }
    db.close();
    const store = new SqliteStore(path);
    await expectMigrated(store);
    await store.close();
    // As if the version row had not been written: the whole migration runs again over its own result.
    const again = new Database(path);
    expect(again.prepare('SELECT version FROM schema_version ORDER BY version').all()).toEqual(
      SQLITE_MIGRATIONS.map((_, i) => ({ version: i + 1 })),
    );
    again.prepare('DELETE FROM schema_version WHERE version >= 2').run();
    again.close();
    const reopened = new SqliteStore(path);
    await expectMigrated(reopened);
    await reopened.close();
  });

  it('refuses a file migrated by a newer server', () => {
    const path = sqlitePath();
    void new SqliteStore(path).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_version (version) VALUES (99)').run();
    db.close();
    expect(() => new SqliteStore(path)).toThrow(/schema is version 99/);
  });
});

describe('openStore', () => {
  it('opens memory and sqlite stores', async () => {
    const memory = await openStore({ kind: 'memory' });
    expect(memory.kind).toBe('memory');
    const sqlite = await openStore({ kind: 'sqlite', path: sqlitePath() });
    expect(sqlite.kind).toBe('sqlite');
    await Promise.all([memory.close(), sqlite.close()]);
  });

  it('names the environment variable a postgres URL is missing from', async () => {
    await expect(openStore({ kind: 'postgres', url: { env: 'WEBMCP_TEST_NO_SUCH_URL' } }, {})).rejects.toThrow(
      /WEBMCP_TEST_NO_SUCH_URL is not set/,
    );
  });

  it('says which store failed when PostgreSQL is unreachable', async () => {
    await expect(openStore({ kind: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' })).rejects.toThrow(
      /Cannot open the PostgreSQL store: .*ECONNREFUSED/,
    );
  });
});

describe.skipIf(!postgresTestsRun('the PostgreSQL store tests'))('PostgreSQL', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(() => server?.stop());

  describeStore('PostgresStore', async () => PostgresStore.open({ url: await server.createDatabase() }));
  describeInsights('PostgresStore', async () => PostgresStore.open({ url: await server.createDatabase() }));

  it("two instances on one database see each other's writes and only one wins a claim race", async () => {
    const url = await server.createDatabase();
    // Both migrate an empty database at once: the advisory lock makes one wait for the other.
    const stores = await Promise.all([
      PostgresStore.open({ url }),
      PostgresStore.open({ url }),
      PostgresStore.open({ url }),
    ]);
    await writeAll(stores[0]!);
    await expectAll(stores[1]!);
    await stores[2]!.setSetting('surface:s', { agent: 'other' });
    expect(await stores[0]!.getSetting('surface:s')).toEqual({ agent: 'other' });
    await expectOneClaim(stores);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('loses no transcript entry when two instances write one session at once', async () => {
    const url = await server.createDatabase();
    const stores = [await PostgresStore.open({ url }), await PostgresStore.open({ url })];
    try {
      await expectNoLostUpdates(stores);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  }, 60_000);

  it('migrates a version-1 database, filling the new columns from the records, and may run the migration again', async () => {
    const url = await server.createDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('CREATE TABLE schema_version (version integer NOT NULL)');
      await client.query(POSTGRES_MIGRATIONS[0]!.sql);
      await client.query('INSERT INTO schema_version (version) VALUES (1)');
      const { sessions, runs } = v1Records();
      for (const session of sessions)
        await client.query('INSERT INTO sessions (id, data) VALUES ($1, $2)', [session.id, JSON.stringify(session)]);
      for (const run of runs) {
        await client.query(
          'INSERT INTO runs (id, status, version, paused_at, updated_at, data) VALUES ($1, $2, $3, $4, $5, $6)',
          [run.id, run.status, run.version, run.pausedAt ?? null, run.updatedAt, JSON.stringify(run)],
        );
      }
      const store = await PostgresStore.open({ url });
      await expectMigrated(store);
      await store.close();
      expect((await client.query('SELECT version FROM schema_version ORDER BY version')).rows).toEqual(
        POSTGRES_MIGRATIONS.map((_, i) => ({ version: i + 1 })),
      );
      await client.query(POSTGRES_MIGRATIONS[1]!.sql);
      await client.query('DELETE FROM schema_version WHERE version >= 2');
      const reopened = await PostgresStore.open({ url });
      await expectMigrated(reopened);
      await reopened.close();
    } finally {
      await client.end();
    }
  });

  it('uses a shared pool without ending it, and refuses calls after close', async () => {
    const pool = new pg.Pool({ connectionString: await server.createDatabase(), max: 4 });
    const store = await PostgresStore.open({ pool });
    await writeAll(store);
    await store.close();
    await expect(store.getSession('sess_1')).rejects.toThrow(/closed/);
    expect((await pool.query('SELECT count(*)::int AS n FROM sessions')).rows).toEqual([{ n: 1 }]);
    const again = await PostgresStore.open({ pool });
    await expectAll(again);
    await again.close();
    await pool.end();
  });

  it('opens from a URL given inline or through an environment variable', async () => {
    const url = await server.createDatabase();
    const inline = await openStore({ kind: 'postgres', url });
    await writeAll(inline);
    await inline.close();
    const fromEnv = await openStore(
      { kind: 'postgres', url: { env: 'WEBMCP_TEST_DATABASE_URL' } },
      { WEBMCP_TEST_DATABASE_URL: url },
    );
    expect(fromEnv.kind).toBe('postgres');
    await expectAll(fromEnv);
    await fromEnv.close();
  });
});
