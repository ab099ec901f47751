/** `Store.purge` for SQLite: one transaction, so a reader sees a session with all of its runs or none. */
import type Database from 'better-sqlite3';
import { ENDED_RUN_STATUSES, type PurgeCounts, type RetentionCutoffs } from './retention.js';

const ENDED = ENDED_RUN_STATUSES.map((s) => `'${s}'`).join(', ');

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
  const deleteEvents = db.prepare<[string]>('DELETE FROM events WHERE execution_id = ?');
  const compact = db.prepare<[string]>(
    `DELETE FROM events WHERE execution_id IN (SELECT id FROM runs WHERE updated_at < ? AND status IN (${ENDED}))
       AND seq < (SELECT max(seq) FROM events last WHERE last.execution_id = events.execution_id)`,
  );
  const deleteTools = db.prepare<[string]>('DELETE FROM tool_sightings WHERE last_seen < ?');
  const deleteOrigins = db.prepare<[string]>('DELETE FROM origins WHERE last_seen < ?');

  return db.transaction((cutoffs: RetentionCutoffs): PurgeCounts => {
    const counts: PurgeCounts = { events: 0, sessions: 0, runs: 0, sightings: 0 };
    const dropRun = (id: string) => {
      counts.events += deleteEvents.run(id).changes;
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
    if (cutoffs.finishedEventsBefore !== undefined) counts.events += compact.run(cutoffs.finishedEventsBefore).changes;
    if (cutoffs.sightingsBefore !== undefined) {
      counts.sightings += deleteTools.run(cutoffs.sightingsBefore).changes;
      counts.sightings += deleteOrigins.run(cutoffs.sightingsBefore).changes;
    }
    return counts;
  });
}
