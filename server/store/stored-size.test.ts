/**
 * What a run costs the SQLite file: an answer's bytes stored a bounded number of times, and a
 * resume written in a few transactions, not one per event. Real SQLite files; the counts are
 * bytes, rows and `Store` writes, never time.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { ModelAdapter, ModelEvent } from '../models/types.js';
import { GET_CART, init, ofType, readFrames, replyText, resume, say, testConfig } from '../test-helpers.js';
import { replayOf } from '../test-support/replay.js';
import { SqliteStore } from './index.js';

const ANSWER_BYTES = 16 * 1024;
/** Pages a resume's commit writes, on average (11.8 measured): see the WAL test below. */
const COMMIT_PAGES = 13;
/** 16 KB of ASCII text in 4-character deltas, the finest a provider streams. */
const ANSWER = Array.from({ length: ANSWER_BYTES / 4 }, (_, i) => `w${(i % 100).toString().padStart(2, '0')} `).join(
  '',
);

function longAnswerModel(): ModelAdapter {
  return {
    info: { id: 'long', label: 'A long scripted answer (no AI)', offline: true },
    async *stream(): AsyncGenerator<ModelEvent> {
      for (let i = 0; i < ANSWER.length; i += 4) {
        yield { type: 'text-delta', delta: ANSWER.slice(i, i + 4) };
        // A provider's deltas arrive over many network reads, not in one turn of the event loop.
        if (i % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      yield { type: 'finish', reason: 'stop' };
    },
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function sqliteApp(createModel?: () => ModelAdapter) {
  const dir = mkdtempSync(join(tmpdir(), 'webmcp-size-'));
  dirs.push(dir);
  const path = join(dir, 'chat.db');
  const store = new SqliteStore(path);
  const app = createApp({ config: testConfig(), store, ...(createModel ? { createModel } : {}), expirySweepMs: 0 });
  const db = new Database(path, { readonly: true });
  const close = async () => {
    app.close();
    db.close();
    await store.close();
  };
  return { app, store, db, path, close };
}

/** Frames in the WAL file next to `path` (its 32-byte header, then 24-byte frame headers and pages). */
function walFrames(path: string, pageSize: number): number {
  const size = statSync(`${path}-wal`).size;
  return size === 0 ? 0 : (size - 32) / (24 + pageSize);
}

/** Bytes of a query's single number (SQLite `length(CAST(x AS BLOB))` sums). */
function bytes(db: Database.Database, sql: string, ...params: string[]): number {
  return (db.prepare<string[], { n: number | null }>(sql).get(...params)?.n ?? 0) as number;
}

describe('stored size', () => {
  it('stores a 16 KB answer in at most 4× its size, events, run and transcript together', async () => {
    const { app, store, db, close } = sqliteApp(longAnswerModel);
    try {
      const sessionId = await init(app);
      await readFrames(await say(app, sessionId, 'warm up')); // the session has a transcript before
      const sessionBefore = bytes(db, 'SELECT length(CAST(data AS BLOB)) AS n FROM sessions WHERE id = ?', sessionId);
      const frames = await readFrames(await say(app, sessionId, 'tell me everything'));
      expect(replyText(frames)).toBe(ANSWER);
      const executionId = frames[0]!.data.executionId;

      const events = bytes(
        db,
        'SELECT sum(length(CAST(data AS BLOB)) + length(CAST(execution_id AS BLOB)) + 8) AS n FROM events WHERE execution_id = ?',
        executionId,
      );
      const run = bytes(db, 'SELECT length(CAST(data AS BLOB)) AS n FROM runs WHERE id = ?', executionId);
      const session =
        bytes(db, 'SELECT length(CAST(data AS BLOB)) AS n FROM sessions WHERE id = ?', sessionId) - sessionBefore;
      const rows = bytes(db, 'SELECT count(*) AS n FROM events WHERE execution_id = ?', executionId);
      const total = events + run + session;
      console.log(
        `16 KB answer: ${frames.length} frames streamed, ${rows} event rows; stored bytes: events ${events}, ` +
          `run ${run}, transcript +${session}; ${(total / ANSWER_BYTES).toFixed(2)}× the answer`,
      );
      expect(frames.length).toBeGreaterThan(ANSWER_BYTES / 4); // the live stream stays fine-grained
      expect(rows).toBeLessThan(50);
      expect(total).toBeLessThanOrEqual(4 * ANSWER_BYTES);
      // and what is stored replays to the same answer
      expect(replyText((await replayOf(store, executionId)).map((data) => ({ data })) as never)).toBe(ANSWER);
    } finally {
      await close();
    }
  });

  it('does not copy the session transcript into each run', async () => {
    const { app, store, close } = sqliteApp();
    try {
      const sessionId = await init(app);
      for (let i = 0; i < 5; i++) await readFrames(await say(app, sessionId, `/echo ${'long words '.repeat(100)}`));
      const frames = await readFrames(await say(app, sessionId, '/echo last'));
      const run = (await store.getRun(frames[0]!.data.executionId))!;
      expect(run.transcriptRef).toBe(10);
      expect(run.history).toEqual([
        { role: 'user', content: '/echo last' },
        { role: 'assistant', content: 'last' },
      ]);
      expect(JSON.stringify(run).length).toBeLessThan(2000);
      expect((await store.getSession(sessionId))!.transcript).toHaveLength(12);
    } finally {
      await close();
    }
  });

  it('writes a resume in one store transaction: the claim with the commit of the run and its events', async () => {
    const { app, store, db, close } = sqliteApp();
    try {
      const calls: string[] = [];
      const writes = [
        'appendEvents',
        'saveRun',
        'saveSession',
        'updateSession',
        'claimRun',
        'commitSegment',
        'heartbeatRun',
        'recordOrigin',
        'recordToolSightings',
      ] as const;
      for (const name of writes) {
        const original = store[name].bind(store) as (...args: unknown[]) => Promise<unknown>;
        (store as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
          calls.push(name);
          return original(...args);
        };
      }
      const sessionId = await init(app);
      const paused = await readFrames(await say(app, sessionId, '/tool get_cart {}', { clientTools: [GET_CART] }));
      const executionId = paused[0]!.data.executionId;
      const [awaited] = ofType(paused, 'await');
      calls.length = 0;
      const next = await readFrames(
        await resume(app, {
          sessionId,
          executionId,
          toolOutputs: {
            [awaited!.toolCallId]: { content: [{ type: 'text', text: 'two blue mugs and a long list' }] },
          },
        }),
      );
      expect(next.length).toBeGreaterThanOrEqual(10);
      console.log(`resume: ${next.length} frames, store writes ${JSON.stringify(calls)}`);
      // the claim, the run, its events, its final frame and the transcript in one commit
      expect(calls).toEqual(['commitSegment']);
      const rows = bytes(db, 'SELECT count(*) AS n FROM events WHERE execution_id = ?', executionId);
      expect(rows).toBeLessThan(paused.length + next.length);
    } finally {
      await close();
    }
  });

  it('writes few pages per resume: the claim only its run, the commit no page twice', async () => {
    const { app, store, path, close } = sqliteApp();
    try {
      const N = 20;
      const paused = [];
      for (let i = 0; i < N; i++) {
        const sessionId = await init(app);
        const frames = await readFrames(await say(app, sessionId, '/tool get_cart {}', { clientTools: [GET_CART] }));
        paused.push({
          sessionId,
          executionId: frames[0]!.data.executionId,
          call: ofType(frames, 'await')[0]!.toolCallId,
        });
      }
      // From an empty WAL, each frame appended is one page one transaction wrote (20 resumes stay far
      // below the 1,000-page automatic checkpoint that would start the file over).
      const wal = new Database(path);
      wal.pragma('wal_checkpoint(TRUNCATE)');
      const pageSize = wal.pragma('page_size', { simple: true }) as number;
      const frames = { claimRun: 0, commitSegment: 0 };
      for (const name of ['claimRun', 'commitSegment'] as const) {
        const original = store[name].bind(store) as (...args: unknown[]) => Promise<unknown>;
        (store as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
          const before = walFrames(path, pageSize);
          const result = await original(...args);
          frames[name] += walFrames(path, pageSize) - before;
          return result;
        };
      }
      for (const p of paused) {
        const outputs = { [p.call]: { content: [{ type: 'text' as const, text: 'two blue mugs' }] } };
        await readFrames(
          await resume(app, { sessionId: p.sessionId, executionId: p.executionId, toolOutputs: outputs }),
        );
      }
      wal.close();
      const perResume = { claim: frames.claimRun / N, commit: frames.commitSegment / N };
      console.log(`pages written per resume: claim ${perResume.claim}, commit ${perResume.commit}`);
      // The claim: the run's row and its move between the two status indexes, nothing of the session.
      expect(perResume.claim).toBeLessThanOrEqual(3.5);
      // The commit: the run, its events, the session (once) and their indexes.
      expect(perResume.commit).toBeLessThanOrEqual(COMMIT_PAGES);
    } finally {
      await close();
    }
  });
});
