/** `Store.purge` for SQLite: one transaction, so a reader sees a session with all of its runs or none. */
import type Database from 'better-sqlite3';
import { ENDED_RUN_STATUSES, type PurgeCounts, type RetentionCutoffs } from './retention.js';

const ENDED = ENDED_RUN_STATUSES.map((s) => `'${s}'`).join(', ');
const EVENTS_IN_ROW = 'CASE WHEN last_seq IS NULL THEN 1 ELSE json_array_length(data) END';

/** Returns a purge function bound to `db` (statements prepared once). */
export function sqlitePurge(db: Database.Database): (cutoffs: RetentionCutoffs) => PurgeCounts {
  const oldSessions = db.prepare<[string], { id: string }>('SELECT id FROM sessions WHERE updated_at < ?');
  const runsOf = db.prepare<[string], { id: string }>('SELECT id FROM runs WHERE session_id = ?');
  const oldRuns = db.prepare<[string], { id: string }>(
    `SELECT id FROM runs WHERE updated_at < ? AND status IN (${ENDED})`,
  );
  const deleteSession = db.prepare<[string]>('DELETE FROM sessions WHERE id = ?');
  const deleteFacts = db.prepare<[string]>('DELETE FROM conversation_facts WHERE session_id = ?');
  const deleteCalls = db.prepare<[string]>('DELETE FROM tool_calls WHERE session_id = ?');
  const deleteRun = db.prepare<[string]>('DELETE FROM runs WHERE id = ?');
  // A row holds one event, or several written together (`last_seq` set, `data` their array): counts are of events.
  const countEvents = db.prepare<[string], { n: number }>(
    `SELECT coalesce(sum(${EVENTS_IN_ROW}), 0) AS n FROM events WHERE execution_id = ?`,
  );
  const deleteEvents = db.prepare<[string]>('DELETE FROM events WHERE execution_id = ?');
  const endedBefore = `SELECT id FROM runs WHERE updated_at < :before AND status IN (${ENDED})`;
  const notLast = `execution_id IN (${endedBefore})
       AND seq < (SELECT max(seq) FROM events last WHERE last.execution_id = events.execution_id)`;
  const countNotLast = db.prepare<{ before: string }, { n: number }>(
    `SELECT coalesce(sum(${EVENTS_IN_ROW}), 0) AS n FROM events WHERE ${notLast}`,
  );
  const deleteNotLast = db.prepare<{ before: string }>(`DELETE FROM events WHERE ${notLast}`);
  // Then the last row of each, if it holds several events, down to the last of them.
  const batchedLast = `last_seq IS NOT NULL AND execution_id IN (${endedBefore})`;
  const countTrimmed = db.prepare<{ before: string }, { n: number }>(
    `SELECT coalesce(sum(json_array_length(data) - 1), 0) AS n FROM events WHERE ${batchedLast}`,
  );
  const trimLast = db.prepare<{ before: string }>(
    `UPDATE events SET seq = last_seq, last_seq = NULL, data = json_extract(data, '$[#-1]') WHERE ${batchedLast}`,
  );
  const deleteTools = db.prepare<[string]>('DELETE FROM tool_sightings WHERE last_seen < ?');
  const deleteOrigins = db.prepare<[string]>('DELETE FROM origins WHERE last_seen < ?');

  return db.transaction((cutoffs: RetentionCutoffs): PurgeCounts => {
    const counts: PurgeCounts = { events: 0, sessions: 0, runs: 0, sightings: 0 };
    const dropRun = (id: string) => {
      counts.events += countEvents.get(id)!.n;
      deleteEvents.run(id);
      counts.runs += deleteRun.run(id).changes;
    };
    if (cutoffs.sessionsBefore !== undefined) {
      for (const { id } of oldSessions.all(cutoffs.sessionsBefore)) {
        for (const run of runsOf.all(id)) dropRun(run.id);
        deleteFacts.run(id);
        deleteCalls.run(id);
        counts.sessions += deleteSession.run(id).changes;
      }
      for (const run of oldRuns.all(cutoffs.sessionsBefore)) dropRun(run.id);
    }
    if (cutoffs.finishedEventsBefore !== undefined) {
      const before = { before: cutoffs.finishedEventsBefore };
      counts.events += countNotLast.get(before)!.n + countTrimmed.get(before)!.n;
      deleteNotLast.run(before);
      trimLast.run(before);
    }
    if (cutoffs.sightingsBefore !== undefined) {
      counts.sightings += deleteTools.run(cutoffs.sightingsBefore).changes;
      counts.sightings += deleteOrigins.run(cutoffs.sightingsBefore).changes;
    }
    return counts;
  });
}
