/**
 * Ids that start with their creation time keep a resume's index writes together: resumes of the same
 * moments share index pages, where random ids give each its own page in every index keyed by them,
 * more of them the bigger the tables. Counted in WAL frames (pages written) on real SQLite files with
 * the store's own statements, never timed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import { newId, sortableTime } from '../engine/ids.js';
import { migrate } from './sqlite-migrate.js';
import { prepare } from './sqlite-statements.js';
import type { RunRecord, SessionRecord } from './types.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

type Ids = (prefix: 'cs' | 'exec') => string;
/** Ids as long as the time-ordered ones, all random (as they were before). */
const randomIds: Ids = (prefix) => `${prefix}_${randomBytes(17).toString('base64url').slice(0, 23)}`;

/**
 * WAL frames per resume when `batches` batches of 8 paused runs are resumed together (as the
 * server's write batch commits them) in a file that already holds `history` finished chats.
 */
function framesPerResume(ids: Ids, history: number, batches: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'webmcp-ids-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'chat.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
    db.pragma('wal_autocheckpoint = 0');
    const sql = prepare(db);
    const inOne = db.transaction((write: () => void) => write());
    const now = () => new Date().toISOString();
    const start = (): RunRecord => {
      const at = now();
      const session: SessionRecord = {
        ...{ id: ids('cs'), surfaceId: 'shop', token: 'ct_test_x', origin: 'https://shop.test' },
        ...{ createdAt: at, updatedAt: at, expiresAt: at, transcript: [], toolSets: {} },
      };
      sql.saveSession.run(session.id, 'shop', session.origin, at, at, 0, 0, JSON.stringify(session));
      const run: RunRecord = {
        ...{ id: ids('exec'), sessionId: session.id, surfaceId: 'shop', agentId: 'shop', status: 'running' },
        ...{ iteration: 1, seq: 0, transcriptLength: 0, transcriptRef: 0, calls: {}, pending: [], tools: [] },
        ...{ version: 1, createdAt: at, updatedAt: at, history: [{ role: 'user', content: 'what is in my cart?' }] },
      };
      sql.saveRun(run);
      return run;
    };
    const event = (run: RunRecord, seq: number, delta: string) =>
      ({ type: 'text_delta', id: 'text_1', delta, executionId: run.id, seq }) as StreamEvent;
    const pause = (run: RunRecord): RunRecord => {
      const at = now();
      const paused: RunRecord = { ...run, status: 'awaiting', version: 2, seq: 2, pausedAt: at, updatedAt: at };
      paused.history = [...run.history, { role: 'assistant', content: null, toolCalls: [] }];
      expect(
        sql.commitSegment({ run: paused, expectVersion: 1, events: [event(run, 1, 'a'), event(run, 2, 'b')] }),
      ).toBe(true);
      return paused;
    };
    const resume = (run: RunRecord): void => {
      const done: RunRecord = { ...run, status: 'completed', version: 3, seq: 3, updatedAt: now() };
      delete done.pausedAt;
      done.history = [...run.history, { role: 'assistant', content: 'two blue mugs' }];
      const events = [event(run, 3, 'two blue mugs, '.repeat(40))];
      const session = (s: SessionRecord) => void s.transcript.push(...done.history);
      expect(sql.commitSegment({ run: done, expectVersion: 2, claim: true, events, session })).toBe(true);
    };
    for (let i = 0; i < history; i++) inOne(() => resume(pause(start())));
    const paused: RunRecord[] = [];
    for (let b = 0; b < batches; b++) inOne(() => paused.push(...Array.from({ length: 8 }, () => pause(start()))));
    const frames = () => (db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]!.log;
    frames(); // everything so far is checkpointed: the next write starts the WAL over
    for (let b = 0; b < batches; b++) inOne(() => paused.slice(b * 8, b * 8 + 8).forEach(resume));
    return frames() / (batches * 8);
  } finally {
    db.close();
  }
}

describe('time-ordered ids', () => {
  it('sort as their creation time, at a fixed width', () => {
    const times = [0, 63, 64, 4095, 4096, Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 1, Date.UTC(2100, 0, 1)];
    const encoded = times.map(sortableTime);
    expect(new Set(encoded.map((t) => t.length))).toEqual(new Set([7]));
    expect([...encoded].sort()).toEqual(encoded);
    expect(encoded.every((t) => /^[A-Za-z0-9_-]+$/.test(t))).toBe(true);
    const before = newId('exec');
    expect(before).toMatch(/^exec_[A-Za-z0-9_-]{23}$/);
    expect(newId('turn')).toMatch(/^turn_[A-Za-z0-9_-]{16}$/);
    // ids of one millisecond still differ in their 96 random bits
    expect(new Set(Array.from({ length: 1000 }, () => newId('cs'))).size).toBe(1000);
  });

  it('make resumes write fewer pages than random ids, as the tables grow', () => {
    const ordered = framesPerResume(newId, 400, 12);
    const random = framesPerResume(randomIds, 400, 12);
    console.log(`WAL frames per resume (batches of 8, 400 chats before): time-ordered ${ordered}, random ${random}`);
    expect(ordered).toBeLessThan(random * 0.85);
  });
});
