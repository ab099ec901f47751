/**
 * Fault tests against real server processes on one SQLite file: a SIGKILL while a run is paused,
 * 200 racing duplicate resumes, and clients that drop their stream mid-run and reconnect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/index.js';
import { expectError, readFrames } from '../test-helpers.js';
import { joinDeltas, storedSeqs } from '../test-support/replay.js';
import { LONG_TEXT, expectOneOfManyResumes, expectSameStream, pauseAndResume, range, readWithDrops } from './checks.js';
import {
  Client,
  SLOW_TOKEN,
  SseReader,
  faultConfig,
  mcpText,
  readEvents,
  replyOf,
  startServer,
  stopAll,
  tempDir,
  writeConfig,
  type ServerProcess,
} from './harness.js';

const dir = tempDir('webmcp-faults-sqlite-');
const dbPath = dir.file('store.db');
const config = writeConfig(dir.file('config.json'), faultConfig({ kind: 'sqlite', path: dbPath }));

afterAll(async () => {
  await stopAll();
  dir.remove();
});

describe('SQLite: a server killed while a run is paused', () => {
  it('resumes the run in a new process on the same file, exactly once', async () => {
    const first = await startServer({ config });
    const paused = await new Client(first.url).pause();
    await first.kill('SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');

    const second = await startServer({ config });
    const client = new Client(second.url);
    const marker = 'cart: 2 × blue mug, order ref FAULT-7731';
    const output = { [paused.toolCallId]: mcpText(marker) };
    const continuation = (await readFrames(await client.resume(paused.sessionId, paused.executionId, output))).map(
      (f) => f.data,
    );
    expect(continuation[0]).toMatchObject({
      type: 'tool_complete',
      toolCallId: paused.toolCallId,
      success: true,
      seq: paused.events.length + 1,
    });
    expect(continuation.find((e) => e.type === 'turn_start')).toMatchObject({ iteration: 2 });
    expect(continuation.at(-1)).toMatchObject({ type: 'execution_complete', success: true });
    expect(replyOf(continuation)).toContain(marker);
    await expectError(client.resume(paused.sessionId, paused.executionId, output), 409, 'execution_not_awaiting');

    // And after another restart: still answered once, and the whole run replays from the file.
    await second.kill('SIGKILL');
    const third = new Client((await startServer({ config })).url);
    await expectError(third.resume(paused.sessionId, paused.executionId, output), 409, 'execution_not_awaiting');
    const replay = (await readFrames(await third.reconnect(paused.sessionId, paused.executionId, 0))).map(
      (f) => f.data,
    );
    expect(joinDeltas(replay)).toEqual(joinDeltas([...paused.events, ...continuation]));
  }, 40_000);

  it('on SIGTERM, ends a run that is still working (server_shutdown) instead of leaving it running', async () => {
    const server = await startServer({ config, args: ['--grace', '300'] });
    const client = new Client(server.url);
    const sessionId = await client.init();
    const reader = new SseReader(await client.chat(sessionId, '/slow 20000 never said'));
    const first = await reader.next();
    await server.kill('SIGTERM');
    expect(server.child.exitCode).toBe(0);
    // The stream the client held ends with the run's end, and the file says so after a restart.
    const seen = [first!, ...(await reader.rest())];
    expect(seen.at(-1)).toMatchObject({ type: 'execution_error', error: { code: 'server_shutdown' } });
    const again = new Client((await startServer({ config })).url);
    const replay = (await readFrames(await again.reconnect(sessionId, first!.executionId, 0))).map((f) => f.data);
    expect(replay.at(-1)).toMatchObject({ type: 'execution_error', error: { code: 'server_shutdown' } });
    const store = new SqliteStore(dbPath);
    try {
      expect((await store.getRun(first!.executionId))?.status).toBe('failed');
    } finally {
      await store.close();
    }
  }, 40_000);
});

describe('SQLite: two processes on one file', () => {
  it('resumes on B a run paused on A, and takes one of 200 duplicates spread over both', async () => {
    const [a, b] = await Promise.all([startServer({ config }), startServer({ config })]);
    const onA = new Client(a.url);
    const onB = new Client(b.url);
    const store = new SqliteStore(dbPath);
    try {
      const paused = await onA.pause();
      const continuation = await readEvents(
        await onB.resume(paused.sessionId, paused.executionId, { [paused.toolCallId]: mcpText('one blue mug') }),
      );
      expect(replyOf(continuation)).toContain('one blue mug');
      expect(
        joinDeltas((await readFrames(await onA.reconnect(paused.sessionId, paused.executionId, 0))).map((f) => f.data)),
      ).toEqual(joinDeltas([...paused.events, ...continuation]));
      for (let round = 0; round < 2; round++)
        await expectOneOfManyResumes(store, [onA, onB], await [onA, onB][round]!.pause(), 200);
    } finally {
      await store.close();
      await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
    }
  }, 40_000);
});

describe('SQLite: one server process', () => {
  let server: ServerProcess;
  let store: SqliteStore;
  beforeAll(async () => {
    server = await startServer({ config });
    store = new SqliteStore(dbPath); // a second handle on the file, to read what the server stored
  }, 30_000);
  afterAll(async () => {
    await store?.close();
  });

  it('takes one of 200 concurrent duplicate resumes of a pause and refuses the rest with 409', async () => {
    const client = new Client(server.url);
    for (let round = 0; round < 3; round++) await expectOneOfManyResumes(store, [client], await client.pause(), 200);
  }, 40_000);

  it.each([
    ['once, after the first frame', [1]],
    ['once, mid-text', [8]],
    ['three times', [3, 10, 15]],
  ])(
    'gives a chat stream dropped %s everything on reconnect, in order, once',
    async (_label, drops) => {
      const client = new Client(server.url, SLOW_TOKEN);
      const text = `/echo ${LONG_TEXT}`;
      const reference = await readEvents(await client.chat(await client.init(), text));
      const sessionId = await client.init();
      const parts = await readWithDrops(
        (signal) => client.chat(sessionId, text, { signal }),
        (executionId, after, signal) => client.reconnect(sessionId, executionId, after, signal),
        drops,
      );
      expectSameStream(parts, reference);
      expect(replyOf(parts.flat())).toBe(LONG_TEXT);
    },
    20_000,
  );

  it('gives a resume stream dropped mid-continuation everything on reconnect', async () => {
    const client = new Client(server.url, SLOW_TOKEN);
    const reference = await pauseAndResume(client, LONG_TEXT);
    const paused = await client.pause();
    const firstSeq = paused.events.length + 1;
    const parts = await readWithDrops(
      (signal) =>
        client.resume(paused.sessionId, paused.executionId, { [paused.toolCallId]: mcpText(LONG_TEXT) }, signal),
      (executionId, after, signal) => client.reconnect(paused.sessionId, executionId, after, signal),
      [6, 12],
      { firstSeq },
    );
    expectSameStream(parts, reference.continuation, firstSeq);
    expect(replyOf(parts.flat())).toContain(LONG_TEXT);
    const whole = await readEvents(await client.reconnect(paused.sessionId, paused.executionId, 0));
    expect(replyOf(whole)).toBe(replyOf([...paused.events, ...parts.flat()]));
    expect(whole.at(-1)!.seq).toBe(parts.flat().at(-1)!.seq);
    expect(await storedSeqs(store, paused.executionId)).toEqual(range(1, whole.at(-1)!.seq));
  }, 20_000);
});
