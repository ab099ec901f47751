/**
 * Fault test on two real server instances sharing one PostgreSQL database: instance A is SIGKILLed in
 * the middle of a model step; instance B (its sweep, or the reconnect waiting on it) takes the run over
 * from its stale heartbeat — exactly once — and the reconnect on B gets the final frame.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../store/index.js';
import { findPostgres, MISSING_POSTGRES, startPostgres, type PostgresServer } from '../test-support/postgres.js';
import { range } from './checks.js';
import {
  Client,
  DATABASE_URL_ENV,
  SLOW_TOKEN,
  SseReader,
  faultConfig,
  readEvents,
  startServer,
  stopAll,
  tempDir,
  writeConfig,
  type ServerProcess,
} from './harness.js';

const inCI = !!process.env.CI && !['0', 'false'].includes(process.env.CI.toLowerCase());
const havePostgres = findPostgres() !== undefined;
if (!havePostgres && !inCI) console.warn(`Skipping the PostgreSQL stranded-run test. ${MISSING_POSTGRES}`);

describe.skipIf(!havePostgres && !inCI)('PostgreSQL: an instance SIGKILLed in the middle of a model step', () => {
  const dir = tempDir('webmcp-faults-pg-stranded-');
  let pgServer: PostgresServer | undefined;
  let a: ServerProcess;
  let b: ServerProcess;
  let store: PostgresStore | undefined;

  beforeAll(async () => {
    pgServer = await startPostgres();
    const config = writeConfig(dir.file('config.json'), {
      ...faultConfig({ kind: 'postgres', url: { env: DATABASE_URL_ENV } }),
      runs: { heartbeatMs: 1000 },
    });
    const env = { [DATABASE_URL_ENV]: pgServer.url };
    [a, b] = await Promise.all([startServer({ config, env }), startServer({ config, env })]);
    store = await PostgresStore.open({ url: pgServer.url });
  }, 60_000);

  afterAll(async () => {
    try {
      await stopAll();
      await store?.close();
    } finally {
      await pgServer?.stop();
      dir.remove();
    }
  });

  it('is taken over by the other instance, once; a reconnect there gets the final frame within 10 s', async () => {
    const onA = new Client(a.url, SLOW_TOKEN);
    const sessionId = await onA.init();
    const reader = new SseReader(await onA.chat(sessionId, '/slow 60000 never sent'));
    const seen = await reader.take(2);
    const executionId = seen[0]!.executionId;
    expect((await store!.getSession(sessionId))?.transcript.at(-1)).toMatchObject({ role: 'user' });

    await a.kill('SIGKILL');
    const killedAt = performance.now();
    // Two readers on B at once: both get the one final frame.
    const onB = new Client(b.url, SLOW_TOKEN);
    const [rest, other] = await Promise.all([
      readEvents(await onB.reconnect(sessionId, executionId, seen.at(-1)!.seq)),
      readEvents(await onB.reconnect(sessionId, executionId, 0)),
    ]);
    const elapsedMs = performance.now() - killedAt;
    console.log(`PostgreSQL: SIGKILL on A → final frame at a reader on B: ${Math.round(elapsedMs)} ms`);
    expect(rest).toHaveLength(1);
    expect(rest[0]).toMatchObject({ type: 'execution_error', seq: 3, error: { code: 'server_lost' } });
    expect(elapsedMs).toBeLessThan(10_000);
    expect(other).toEqual([...seen, ...rest]);

    const events = await store!.listEvents(executionId, 0);
    expect(events.map((e) => e.seq)).toEqual(range(1, 3));
    expect(events.filter((e) => e.type === 'execution_error')).toHaveLength(1);
    expect(await store!.getRun(executionId)).toMatchObject({
      status: 'failed',
      seq: 3,
      failure: { code: 'server_lost' },
    });
    expect((await store!.getSession(sessionId))?.transcript).toEqual([
      { role: 'user', content: '/slow 60000 never sent' },
    ]);
  }, 40_000);
});
