/**
 * Fault tests on SQLite for runs nobody would finish: a server SIGKILLed in the middle of a model step
 * (a new process takes the run over from its stale heartbeat and ends it), and another process holding
 * the file's write lock for 30 s (routes stay fast; the run in flight still ends with a stored frame).
 */
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import { SqliteStore } from '../store/index.js';
import { range } from './checks.js';
import { storedSeqs } from '../test-support/replay.js';
import {
  Client,
  REPO,
  SLOW_TOKEN,
  SseReader,
  faultConfig,
  readEvents,
  startServer,
  stopAll,
  tempDir,
  writeConfig,
} from './harness.js';

/** The heartbeat interval of these servers: a run silent for 3 s is stranded. */
const HEARTBEAT_MS = 1000;

const dir = tempDir('webmcp-faults-stranded-');
const dbPath = dir.file('store.db');
const config = writeConfig(dir.file('config.json'), {
  ...faultConfig({ kind: 'sqlite', path: dbPath }),
  runs: { heartbeatMs: HEARTBEAT_MS },
});

afterAll(async () => {
  await stopAll();
  dir.remove();
});

/** Opens a session and starts a run whose model step waits `ms`; returns the first frames read. */
async function startLongStep(client: Client, ms: number) {
  const sessionId = await client.init();
  const reader = new SseReader(await client.chat(sessionId, `/slow ${ms} finally done`));
  const seen = await reader.take(2); // execution_start, turn_start: the model step is under way
  expect(seen.map((e) => e.type)).toEqual(['execution_start', 'turn_start']);
  return { sessionId, executionId: seen[0]!.executionId, seen, reader };
}

describe('SQLite: a server SIGKILLed in the middle of a model step', () => {
  it('has the user message in the transcript at once; a new process ends the run and a reconnect gets the final frame', async () => {
    const first = await startServer({ config });
    const { sessionId, executionId, seen } = await startLongStep(new Client(first.url, SLOW_TOKEN), 60_000);
    const file = new SqliteStore(dbPath);
    try {
      // While the run works, the user's message is already in the session's transcript.
      const during = await file.getSession(sessionId);
      expect(during?.transcript.at(-1)).toEqual({ role: 'user', content: '/slow 60000 finally done' });
      expect((await file.getRun(executionId))?.status).toBe('running');

      await first.kill('SIGKILL');
      const killedAt = performance.now();
      const second = await startServer({ config });
      const rest = await readEvents(
        await new Client(second.url, SLOW_TOKEN).reconnect(sessionId, executionId, seen.at(-1)!.seq),
      );
      const elapsedMs = performance.now() - killedAt;
      console.log(`SQLite: SIGKILL → final frame at the reader: ${Math.round(elapsedMs)} ms`);
      expect(rest.at(-1)).toMatchObject({ type: 'execution_error', error: { code: 'server_lost' } });
      expect(elapsedMs).toBeLessThan(10_000);
      const all = [...seen, ...rest];
      expect(all.map((e) => e.seq)).toEqual(range(1, all.length));

      const run = await file.getRun(executionId);
      expect(run).toMatchObject({ status: 'failed', failure: { code: 'server_lost' } });
      // Deltas streamed live in the last moments before the kill may never have been stored.
      expect(run!.seq).toBeLessThanOrEqual(all.length);
      expect(await storedSeqs(file, executionId)).toEqual(range(1, run!.seq));
      const session = await file.getSession(sessionId);
      expect(session?.transcript.filter((m) => m.role === 'user')).toHaveLength(1);
      // A second reconnect replays the same ended run from the file, once.
      const replay = await readEvents(await new Client(second.url, SLOW_TOKEN).reconnect(sessionId, executionId, 0));
      expect(replay).toEqual(all);
    } finally {
      await file.close();
    }
  }, 60_000);
});

/** Another process that takes the file's write lock, holds it `ms`, then commits. */
async function holdWriteLock(path: string, ms: number): Promise<{ released: Promise<void> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.exec('BEGIN EXCLUSIVE');
    db.prepare("INSERT INTO settings (key, value) VALUES ('lock-test', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run();
    console.log('locked');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));`;
  const child = spawn(process.execPath, ['-e', script, path, String(ms)], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const released = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => chunk.includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before locking`)));
  });
  return { released };
}

describe('SQLite: another process holds the write lock for 30 s', () => {
  it('keeps /v1/health under 100 ms throughout; the run in flight ends with a stored final frame after', async () => {
    const server = await startServer({ config });
    const client = new Client(server.url, SLOW_TOKEN);
    // The step's text arrives 1.5 s into the lock: its first event cannot be stored until the lock goes.
    const { sessionId, executionId, seen, reader } = await startLongStep(client, 1500);
    const lock = await holdWriteLock(dbPath, 30_000);
    let held = true;
    void lock.released.then(() => (held = false));

    const health: number[] = [];
    // A new session needs a write: it waits asynchronously, then gets a clear 503 (not a frozen server).
    const initDuringLock = client.post('/v1/client/init', { token: SLOW_TOKEN });
    while (held) {
      const started = performance.now();
      const res = await fetch(`${server.url}/v1/health`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      health.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const sorted = [...health].sort((a, b) => a - b);
    console.log(
      `SQLite lock 30 s: ${health.length} /v1/health calls, p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, p99 ${sorted[Math.floor(0.99 * sorted.length)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms, ${health.filter((ms) => ms >= 100).length} at or over 100 ms`,
    );
    expect(health.length).toBeGreaterThan(100);
    // Every call but a rare scheduling outlier of this shared machine is under 100 ms; a write
    // blocking the event loop on the lock would hold each of them for seconds (the old 5 s busy timeout).
    expect(sorted[Math.floor(0.99 * sorted.length)]!).toBeLessThan(100);
    expect(sorted.at(-1)!).toBeLessThan(1000);
    const init = await initDuringLock;
    expect(init.status).toBe(503);
    expect(await init.json()).toMatchObject({ error: 'store_unavailable' });

    // The stream that was open learns the run's end; the file has the whole run, seqs contiguous.
    const live = [...seen, ...(await reader.rest())];
    expect(live.at(-1)?.type).toMatch(/^execution_(complete|error)$/);
    const stored: StreamEvent[] = await readEvents(await client.reconnect(sessionId, executionId, 0));
    expect(stored.at(-1)?.type).toMatch(/^execution_(complete|error)$/);
    // A replay joins each run of stored text deltas into one frame: seqs rise, and the store has them all.
    const seqs = stored.map((e) => e.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
    const file = new SqliteStore(dbPath);
    try {
      expect(await storedSeqs(file, executionId)).toEqual(range(1, seqs.at(-1)!));
    } finally {
      await file.close();
    }
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) AS n FROM runs WHERE status = 'running'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 90_000);
});
