/**
 * A resume's claim on a paused run, taken late: the segment continues the run from the record the
 * resume read (still `awaiting` in the store) and claims it with its first write — the commit of its
 * pause or end, as a compare-and-set from `awaiting` at the version read, in the same transaction —
 * unless something has to leave the process first. A server tool's call, a network model's request
 * and a batch of events stored before the end each take the claim on their own first (the classic
 * `awaiting` → `running` compare-and-set, then the heartbeat). Until the claim is taken no reader
 * sees an event, no observer hears of the run, and nothing of it is stored; of racing resumes one
 * claims, and every other one ends having written and shown nothing.
 *
 * A continuation that finishes at once (the offline model, a page-tool call answered) is then one
 * transaction instead of two. A resume that fails before its claim (the store is down, the server
 * stops) leaves the run `awaiting`, answerable again.
 */
import { notify, type RunObserver } from './observer.js';

const HOOKS = ['runStarted', 'stepFinished', 'runEnded', 'callsStarted', 'callsFinished'] as const;

/** Another resume claimed the run first (or it expired): this one wrote and showed nothing. */
export class ClaimLostError extends Error {
  constructor(executionId: string) {
    super(`Execution ${executionId} was claimed by another resume.`);
    this.name = 'ClaimLostError';
  }
}

/** The claim of one resume: pending until the segment takes it or fails before it. */
export class PendingClaim {
  /** Resolves once the claim is stored; rejects with why the resume ended before it. */
  readonly settled: Promise<void>;
  #state: 'pending' | 'taken' | 'failed' = 'pending';
  #resolve!: () => void;
  #reject!: (error: unknown) => void;
  readonly #held: Array<() => void> = [];

  constructor(
    /** Called synchronously when the claim is stored, before the segment goes on. */
    private readonly onTaken: () => void = () => {},
  ) {
    this.settled = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // Nobody may be waiting yet; the rejection is read by whoever awaits `settled`.
    this.settled.catch(() => {});
  }

  /** Not taken and not failed yet. */
  get pending(): boolean {
    return this.#state === 'pending';
  }

  /** True once the claim is stored. */
  get taken(): boolean {
    return this.#state === 'taken';
  }

  /** The claim is stored: tells the observers what they were held back from, in order, then goes on. */
  take(): void {
    if (this.#state !== 'pending') return;
    this.#state = 'taken';
    this.onTaken();
    for (const call of this.#held.splice(0)) call();
    this.#resolve();
  }

  /** The resume ended before its claim: held observer calls are dropped. */
  fail(error: unknown): void {
    if (this.#state !== 'pending') return;
    this.#state = 'failed';
    this.#held.length = 0;
    this.#reject(error);
  }

  /** `observer` as the run sees it: its calls wait for the claim, and are dropped if the claim fails. */
  observer(observer: RunObserver): RunObserver {
    const held: RunObserver = {};
    for (const hook of HOOKS) {
      held[hook] = (value: never) => {
        if (this.#state === 'taken') notify(observer, hook, value);
        else if (this.#state === 'pending') this.#held.push(() => notify(observer, hook, value));
      };
    }
    return held;
  }
}
