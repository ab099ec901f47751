/**
 * Fault tests against two real server processes sharing one PostgreSQL database: a run paused on
 * one instance resumes on the other, and the first replays it; 200 duplicate resumes raced over
 * both instances; a stream dropped on one instance and picked up on the other.
 */
import { describe, expect, it } from 'vitest';
import { expectError, readFrames } from '../test-helpers.js';
import { postgresTestsRun } from '../test-support/postgres.js';
import { postgresPair } from './postgres-pair.js';
import { joinDeltas, storedSeqs } from '../test-support/replay.js';
import { LONG_TEXT, expectOneOfManyResumes, expectSameStream, range, readWithDrops } from './checks.js';
import { Client, SLOW_TOKEN, mcpText, readEvents, replyOf } from './harness.js';

describe.skipIf(!postgresTestsRun('the PostgreSQL fault tests'))(
  'PostgreSQL: two server instances on one database',
  () => {
    const pg = postgresPair({ prefix: 'webmcp-faults-pg-' });

    it('resumes on B a run paused on A; A then replays the whole continuation', async () => {
      expect(pg.a.pid).not.toBe(pg.b.pid);
      const onA = new Client(pg.a.url);
      const onB = new Client(pg.b.url);
      const paused = await onA.pause();
      const marker = 'cart: 1 × teapot, ref PG-4410';
      const output = { [paused.toolCallId]: mcpText(marker) };
      const continuation = (await readFrames(await onB.resume(paused.sessionId, paused.executionId, output))).map(
        (f) => f.data,
      );
      expect(continuation[0]).toMatchObject({ type: 'tool_complete', seq: paused.events.length + 1 });
      expect(continuation.at(-1)).toMatchObject({ type: 'execution_complete', success: true });
      expect(replyOf(continuation)).toContain(marker);

      const lastPaused = paused.events.at(-1)!.seq;
      expect(
        joinDeltas(
          (await readFrames(await onA.reconnect(paused.sessionId, paused.executionId, lastPaused))).map((f) => f.data),
        ),
      ).toEqual(joinDeltas(continuation));
      expect(
        joinDeltas((await readFrames(await onA.reconnect(paused.sessionId, paused.executionId, 0))).map((f) => f.data)),
      ).toEqual(joinDeltas([...paused.events, ...continuation]));
      await expectError(onA.resume(paused.sessionId, paused.executionId, output), 409, 'execution_not_awaiting');
      await expectError(onB.resume(paused.sessionId, paused.executionId, output), 409, 'execution_not_awaiting');
    }, 30_000);

    it('takes one of 200 concurrent duplicate resumes spread over both instances', async () => {
      const clients = [new Client(pg.a.url), new Client(pg.b.url)];
      for (let round = 0; round < 3; round++)
        await expectOneOfManyResumes(pg.store, clients, await clients[round % 2]!.pause(), 200);
    }, 40_000);

    it('gives a stream dropped on A everything when it reconnects on B, while A still runs it', async () => {
      const onA = new Client(pg.a.url, SLOW_TOKEN);
      const onB = new Client(pg.b.url, SLOW_TOKEN);
      const text = `/echo ${LONG_TEXT}`;
      const reference = await readEvents(await onA.chat(await onA.init(), text));
      const sessionId = await onA.init();
      const parts = await readWithDrops(
        (signal) => onA.chat(sessionId, text, { signal }),
        // B does not run it: it follows A's events through the store.
        (executionId, after, signal) => onB.reconnect(sessionId, executionId, after, signal),
        // From the store, text comes as one frame per stored run of deltas: B's first connection drops early.
        [5, 3],
      );
      expectSameStream(parts, reference);
      expect(replyOf(parts.flat())).toBe(LONG_TEXT);
      const executionId = parts[0]![0]!.executionId;
      expect(await storedSeqs(pg.store, executionId)).toEqual(range(1, reference.at(-1)!.seq));
    }, 30_000);
  },
);
