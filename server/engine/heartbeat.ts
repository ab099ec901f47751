/**
 * The heartbeat of a running segment: while a segment works on a run, it records a sign of life on
 * the run every `intervalMs` (a write of its own, apart from the run's events), so a sweep on any
 * instance can tell a run whose process died (SIGKILL, OOM, power loss) from one that is just slow,
 * and take it over once its heartbeat is {@link STALE_FACTOR} intervals old (see `takeover.ts`).
 *
 * The heartbeat is a compare-and-set on the run's version: once another instance took the run over
 * (bumping the version), the next beat fails and the segment learns that it lost the run, stops its
 * model step and writes nothing more.
 */
import type { RunRecord, Store } from '../store/index.js';
import { warnTo, type Warn } from './warn.js';

/** A run whose last sign of life is this many heartbeat intervals old is taken to be stranded. */
export const STALE_FACTOR = 3;

/** Default heartbeat interval (`runs.heartbeatSeconds`). */
export const DEFAULT_HEARTBEAT_MS = 2000;

/** Thrown inside a segment that lost its run to a takeover: it must write nothing more. */
export class RunLostError extends Error {
  constructor(runId: string) {
    super(`Run ${runId} was taken over by another instance after its heartbeat went stale.`);
    this.name = 'RunLostError';
  }
}

/**
 * A segment's claim on its run while it works: beats on an `unref`'d timer from {@link start} to
 * {@link stop}. A refused beat is either the segment's own save having moved the run out of
 * `running` (the stored record is the segment's: its status and version) or a takeover.
 *
 * @example
 * const lease = new RunLease(store, run, 2000, () => segment.stop());
 * lease.start(); // the segment's commits compare-and-set on the version, so a lost run writes nothing
 */
export class RunLease {
  /** The stored version of the run while it runs (the record's at {@link start}); the segment's own saves bump the record's. */
  #version: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #beating = false;
  #lost = false;

  constructor(
    private readonly store: Pick<Store, 'heartbeatRun' | 'getRun'>,
    /** The segment's own record (the lease reads its current version and status). */
    private readonly run: RunRecord,
    private readonly intervalMs: number,
    /** Called once when the run turns out to be taken over. */
    private readonly onLost: () => void,
    /** Where a failed beat is reported. */
    private readonly warn: Warn = warnTo(undefined),
  ) {
    this.#version = run.version;
  }

  /** True once the run turned out to be taken over by another instance. */
  get lost(): boolean {
    return this.#lost;
  }

  /** Starts beating (the first beat after one interval: the start or claim just stamped the run). */
  start(): void {
    if (this.intervalMs <= 0 || this.#timer) return;
    this.#version = this.run.version;
    this.#timer = setInterval(() => void this.#tick(), this.intervalMs);
    this.#timer.unref();
  }

  /** Stops beating. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #tick(): Promise<void> {
    if (this.#beating || this.#lost) return;
    this.#beating = true;
    try {
      if (!(await this.#alive())) this.#lose();
    } catch (error) {
      // The store is failing: the next beat tries again; three missed beats let another instance take over.
      this.warn('run.heartbeat_failed', { executionId: this.run.id, error }, 'heartbeat of a run failed');
    } finally {
      this.#beating = false;
    }
  }

  /** Beats; when refused, true only if the stored run is the segment's own save (not a takeover). */
  async #alive(): Promise<boolean> {
    if (await this.store.heartbeatRun(this.run.id, this.#version, new Date().toISOString())) return true;
    const stored = await this.store.getRun(this.run.id);
    // A taker keeps the run `running` at a new version, then ends it at yet another.
    return !!stored && stored.status !== 'running' && stored.version === this.run.version;
  }

  #lose(): void {
    if (this.#lost) return;
    this.#lost = true;
    this.stop();
    this.onLost();
  }
}
