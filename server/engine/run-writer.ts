/**
 * How a segment writes its run: every write is a compare-and-set on the version the segment last
 * stored, so a segment whose run another instance took over, or another resume claimed, writes
 * nothing. Its pause or end is one transaction with the events not stored yet ({@link EventWriter});
 * a resume's late claim (see `claim.ts`) is taken with that commit, or on its own before anything
 * leaves the process; a failed run's final commit is retried while the store fails (`store-retry.ts`).
 */
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { RunRecord, SessionRecord, Store } from '../store/types.js';
import type { EventHub } from './hub.js';
import type { EventWriter } from './event-writer.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';
import { ClaimLostError, type PendingClaim } from './claim.js';
import { describeFailure, type Failure } from './failure.js';
import { RunLostError, type RunLease } from './heartbeat.js';
import { mergeIntoSession } from './record.js';
import { storeFinal, StoreWriteError } from './store-retry.js';

/** The writes of one segment's run to the store. */
export class RunWriter {
  constructor(
    private readonly store: Store,
    private readonly record: RunRecord,
    /** The segment's events: what is not stored yet goes with each commit. */
    private readonly writer: Pick<EventWriter, 'storeWith'>,
    /** Where readers get a failed run's final frame while the store fails. */
    private readonly hub: EventHub,
    /** The run's heartbeat: started with a resume's claim; a lost lease ends the final commit's retries. */
    private readonly lease?: RunLease,
    /** A resume's claim not taken yet (`record` is the paused run as read, still `awaiting` in the store). */
    claim?: PendingClaim,
  ) {
    this.#claim = claim;
    this.#storedVersion = record.version;
  }

  readonly #claim: PendingClaim | undefined;
  #claiming: Promise<void> | undefined;
  /** The run's version in the store: what the segment's commits compare-and-set against. */
  #storedVersion: number;

  /**
   * Ends a resume before its claim with `error`: true when its claim was not taken, and then the
   * segment writes nothing more (the run stays paused, answerable again).
   */
  abandonClaim(error: unknown): boolean {
    if (!this.#claim || this.#claim.taken) return false;
    this.#claim.fail(error);
    return true;
  }

  /**
   * Stores the run as it now is with its events not stored yet and `frames`, in one transaction (and
   * `session`'s change of its session): a compare-and-set on the version this segment started from,
   * so a segment whose run another instance took over writes nothing ({@link RunLostError}).
   * A store failure is a {@link StoreWriteError}, and the events stay queued for another attempt.
   */
  async commit(frames: StreamEvent[], session?: (session: SessionRecord) => void): Promise<void> {
    const run = this.record;
    run.updatedAt = new Date().toISOString();
    let committed: boolean;
    let claiming = false;
    try {
      committed = await this.writer.storeWith((events) => {
        // After any batch in flight, which may have taken the claim.
        claiming = !!this.#claim?.pending;
        run.version = this.#storedVersion + 1;
        return this.store.commitSegment({
          run,
          expectVersion: this.#storedVersion,
          events: [...events, ...frames],
          ...(session ? { session } : {}),
          ...(claiming ? { claim: true } : {}),
        });
      });
      // Refused: a takeover or a racing resume, or this very commit landed and only its reply was lost.
      if (!committed) committed = await this.#isOwnCommit();
    } catch (error) {
      throw new StoreWriteError(error);
    }
    if (!committed) {
      if (claiming) this.#claim!.fail(new ClaimLostError(run.id));
      throw new RunLostError(run.id);
    }
    this.#storedVersion = run.version;
    if (claiming) this.#claim!.take();
  }

  /**
   * Commits the failed run with its final frame. While the store fails, readers here get the frame at
   * once and the commit is retried until the store comes back, so the run never stays `running` in a
   * store that works again; it stops trying when the run is taken over or `signal` (the server
   * stopping) aborts. Resolves with the store's first failure, if it failed.
   */
  async storeFinal(
    frame: StreamEvent,
    signal: AbortSignal,
    mask?: (text: string) => string,
  ): Promise<Failure | undefined> {
    let pushed = false;
    let failed: Failure | undefined;
    await storeFinal({
      commit: () => this.commit([frame], (session) => mergeIntoSession(session, this.record)),
      onFailure: (error) => {
        if (pushed) return;
        pushed = true;
        failed = describeFailure(error instanceof StoreWriteError ? error.cause : error, ERROR_CODES.storeError, mask);
        this.hub.push(frame);
      },
      signal,
      lost: () => this.lease?.lost ?? false,
    });
    if (!pushed) this.hub.push(frame);
    return failed;
  }

  /**
   * Takes the resume's claim now, if it is still pending (the classic compare-and-set from
   * `awaiting`), and starts the heartbeat; a {@link RunLostError} when another resume has it.
   */
  async ensureClaimed(): Promise<void> {
    const claim = this.#claim;
    if (!claim || claim.taken) return;
    if (!claim.pending) throw new RunLostError(this.record.id);
    await (this.#claiming ??= this.#takeClaim(claim));
  }

  /** True when the stored run is this segment's record as just committed. */
  async #isOwnCommit(): Promise<boolean> {
    const stored = await this.store.getRun(this.record.id);
    return (
      !!stored &&
      stored.version === this.record.version &&
      stored.status === this.record.status &&
      stored.segmentId === this.record.segmentId
    );
  }

  async #takeClaim(claim: PendingClaim): Promise<void> {
    let stored: RunRecord | undefined;
    try {
      stored = await this.store.claimRun(this.record.id, this.#storedVersion, this.record);
    } catch (error) {
      throw new StoreWriteError(error);
    }
    if (!stored) {
      claim.fail(new ClaimLostError(this.record.id));
      throw new RunLostError(this.record.id);
    }
    this.record.version = this.#storedVersion = stored.version;
    this.record.updatedAt = stored.updatedAt;
    this.lease?.start();
    claim.take();
  }
}
