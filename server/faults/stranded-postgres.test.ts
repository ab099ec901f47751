/**
 * Fault test on two real server instances sharing one PostgreSQL database: instance A is SIGKILLed in
 * the middle of a model step; instance B (its sweep, or the reconnect waiting on it) takes the run over
 * from its stale heartbeat — exactly once — and the reconnect on B gets the final frame.
 */
import { describe, expect, it } from 'vitest';
import { postgresTestsRun } from '../test-support/postgres.js';
import { postgresPair } from './postgres-pair.js';
import { range } from './checks.js';
import { Client, SLOW_TOKEN, SseReader, readEvents } from './harness.js';

describe.skipIf(!postgresTestsRun('the PostgreSQL stranded-run test'))(
  'PostgreSQL: an instance SIGKILLed in the middle of a model step',
  () => {
    const pg = postgresPair({
      prefix: 'webmcp-faults-pg-stranded-',
      config: (c) => void (c.runs = { heartbeatMs: 1000 }),
    });

    it('is taken over by the other instance, once; a reconnect there gets the final frame within 10 s', async () => {
      const onA = new Client(pg.a.url, SLOW_TOKEN);
      const sessionId = await onA.init();
      const reader = new SseReader(await onA.chat(sessionId, '/slow 60000 never sent'));
      const seen = await reader.take(2);
      const executionId = seen[0]!.executionId;
      expect((await pg.store.getSession(sessionId))?.transcript.at(-1)).toMatchObject({ role: 'user' });

      await pg.a.kill('SIGKILL');
      const killedAt = performance.now();
      // Two readers on B at once: both get the one final frame.
      const onB = new Client(pg.b.url, SLOW_TOKEN);
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

      const events = await pg.store.listEvents(executionId, 0);
      expect(events.map((e) => e.seq)).toEqual(range(1, 3));
      expect(events.filter((e) => e.type === 'execution_error')).toHaveLength(1);
      expect(await pg.store.getRun(executionId)).toMatchObject({
        status: 'failed',
        seq: 3,
        failure: { code: 'server_lost' },
      });
      expect((await pg.store.getSession(sessionId))?.transcript).toEqual([
        { role: 'user', content: '/slow 60000 never sent' },
      ]);
    }, 40_000);
  },
);
