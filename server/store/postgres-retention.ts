/** `Store.purge` for PostgreSQL: one transaction, so a reader sees a session with all of its runs or none. */
import type pg from 'pg';
import { ENDED_RUN_STATUSES, type PurgeCounts, type RetentionCutoffs } from './retention.js';

/** Deletes what the cutoffs say, through one client of `pool`. */
export async function postgresPurge(pool: pg.Pool, cutoffs: RetentionCutoffs): Promise<PurgeCounts> {
  const counts: PurgeCounts = { events: 0, sessions: 0, runs: 0, sightings: 0 };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (cutoffs.sessionsBefore !== undefined) {
      const sessions = await client.query<{ id: string }>('DELETE FROM sessions WHERE updated_at < $1 RETURNING id', [
        cutoffs.sessionsBefore,
      ]);
      const ids = sessions.rows.map((r) => r.id);
      counts.sessions = ids.length;
      await client.query('DELETE FROM conversation_facts WHERE session_id = ANY($1::text[])', [ids]);
      await client.query('DELETE FROM tool_calls WHERE session_id = ANY($1::text[])', [ids]);
      const runs = await client.query<{ id: string }>(
        `DELETE FROM runs WHERE session_id = ANY($1::text[]) OR (updated_at < $2 AND status = ANY($3::text[])) RETURNING id`,
        [ids, cutoffs.sessionsBefore, ENDED_RUN_STATUSES],
      );
      counts.runs = runs.rows.length;
      const events = await client.query('DELETE FROM events WHERE execution_id = ANY($1::text[])', [
        runs.rows.map((r) => r.id),
      ]);
      counts.events += events.rowCount ?? 0;
    }
    if (cutoffs.finishedEventsBefore !== undefined) {
      const compacted = await client.query(
        `DELETE FROM events e USING runs r
         WHERE r.id = e.execution_id AND r.updated_at < $1 AND r.status = ANY($2::text[])
           AND e.seq < (SELECT max(seq) FROM events last WHERE last.execution_id = e.execution_id)`,
        [cutoffs.finishedEventsBefore, ENDED_RUN_STATUSES],
      );
      counts.events += compacted.rowCount ?? 0;
    }
    if (cutoffs.sightingsBefore !== undefined) {
      for (const table of ['tool_sightings', 'origins']) {
        const gone = await client.query(`DELETE FROM ${table} WHERE last_seen < $1`, [cutoffs.sightingsBefore]);
        counts.sightings += gone.rowCount ?? 0;
      }
    }
    if (cutoffs.now !== undefined) await client.query('DELETE FROM rate_limits WHERE expire < $1', [cutoffs.now]);
    await client.query('COMMIT');
    return counts;
  } catch (error) {
    // The original error matters more than a failed rollback on a broken connection.
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
