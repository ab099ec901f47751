/**
 * Retention: what a store deletes when the sweep asks (`Store.purge`). Every cutoff is optional; a
 * missing one deletes nothing of its kind.
 */
export interface RetentionCutoffs {
  /**
   * Runs that ended (completed, failed, expired) with their last change before this ISO time have
   * their events compacted to the last one (the final frame, or the last `await` of an expired run),
   * so a late reconnect still learns how the run ended.
   */
  finishedEventsBefore?: string;
  /**
   * Sessions with no activity since this ISO time are deleted with their runs, events and rollup rows;
   * so are ended runs last changed before it.
   */
  sessionsBefore?: string;
  /** Tool and origin sightings last seen before this ISO time are deleted. */
  sightingsBefore?: string;
  /** Epoch milliseconds: shared rate-limit rows whose window ended before it are deleted (PostgreSQL). */
  now?: number;
}

/** What one purge deleted. */
export interface PurgeCounts {
  /** Event rows deleted, by compaction or with their run. */
  events: number;
  sessions: number;
  runs: number;
  /** Tool and origin sightings. */
  sightings: number;
}

/** Runs whose every event is written (run statuses): compaction and the run cutoff apply only to them. */
export const ENDED_RUN_STATUSES: readonly string[] = ['completed', 'failed', 'expired'];
