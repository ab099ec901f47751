/**
 * Stranded runs: a run left `running` by a process that died mid-segment (SIGKILL, OOM, power loss)
 * stops beating (see `heartbeat.ts`). Any instance's sweep — and a reconnect follower that waits on
 * it — takes such a run over with a compare-and-set on its version (so exactly one instance does) and
 * ends it with `execution_error` code `server_lost`, so every reader gets a final frame.
 *
 * Why end it rather than re-run the interrupted model step: the stored record is the run as of its
 * last pause or start (a segment does not save its history step by step), so re-running would repeat
 * server tool calls the segment already made (an order placed twice) and would have to take back
 * frames readers already showed. Ending it is safe; the user's message is already in the session
 * transcript (added when the run started), so the next chat answers it with full context.
 */
import { ERROR_CODES, type StreamEvent } from '../../bridge/protocol/index.js';
import type { ModelMessage } from '../models/types.js';
import type { RunRecord, Store } from '../store/index.js';
import { describeFailure, type Failure } from './failure.js';
import { notify, type RunObserver } from './observer.js';
import { STALE_FACTOR } from './heartbeat.js';
import { mergeIntoSession } from './record.js';
import { warnTo, type Warn } from './warn.js';

type TakeoverStore = Pick<
  Store,
  'listStaleRuns' | 'takeOverRun' | 'listEvents' | 'appendEvents' | 'saveRun' | 'updateSession'
>;

export interface TakeoverOptions {
  /** The heartbeat interval; a run is stale after {@link STALE_FACTOR} of them. */
  heartbeatMs: number;
  /** True for a run a segment of this process is working on (never taken over from itself). */
  isLocal(executionId: string): boolean;
  /** Masks configured secret values in what is stored and logged. */
  mask?: (text: string) => string;
  /** Told when this instance ended a stranded run (the log, metrics and webhooks). */
  observer?: RunObserver;
  /** Where a failed sweep is reported. */
  warn?: Warn;
}

/** Finds and ends stranded runs; see the module comment. */
export class Takeovers {
  readonly #ending = new Set<string>();

  constructor(
    private readonly store: TakeoverStore,
    private readonly options: TakeoverOptions,
  ) {}

  /** How long a running run may go without a sign of life. */
  get staleMs(): number {
    return STALE_FACTOR * this.options.heartbeatMs;
  }

  /** Takes over and ends every stale run (up to `limit` per call); returns how many this instance ended. */
  async sweep(limit = 100): Promise<number> {
    const stale = await this.store.listStaleRuns(this.#staleBefore(), limit);
    let ended = 0;
    for (const run of stale) if (await this.takeOver(run)) ended++;
    return ended;
  }

  /**
   * Takes `run` (as read, at its version) over if it is still running and stale, and ends it.
   * False when it is alive, ended, running here, or another instance won the takeover.
   */
  async takeOver(run: RunRecord): Promise<boolean> {
    if (run.status !== 'running' || this.options.isLocal(run.id) || this.#ending.has(run.id)) return false;
    this.#ending.add(run.id);
    try {
      const taken = await this.store.takeOverRun(run.id, run.version, this.#staleBefore(), new Date().toISOString());
      if (!taken) return false;
      await this.#end(taken);
      return true;
    } finally {
      this.#ending.delete(run.id);
    }
  }

  /**
   * Sweeps now and then every heartbeat interval (never two at once) on an `unref`'d timer.
   * Returns the function that stops it.
   */
  start(): () => void {
    let sweeping = false;
    const tick = () => {
      if (sweeping) return;
      sweeping = true;
      this.sweep()
        .catch((error: unknown) => {
          // The next sweep tries again; followers also take stale runs over themselves.
          (this.options.warn ?? warnTo(undefined))(
            'runs.takeover_sweep_failed',
            { error },
            'stranded-run sweep failed',
          );
        })
        .finally(() => (sweeping = false));
    };
    tick();
    const timer = setInterval(tick, this.options.heartbeatMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Stores the final frame first (a reader stops at it), then the ended run and its session's messages. */
  async #end(run: RunRecord): Promise<void> {
    // Events after the stored seq were written by the segment that died; the last one may already be final.
    const events = await this.store.listEvents(run.id, run.seq);
    const last = events.at(-1);
    let seq = last?.seq ?? run.seq;
    const final = last && isFinal(last) ? last : undefined;
    const failure = describeFailure(
      new Error(`No heartbeat for ${this.staleMs} ms: the process running this run stopped.`),
      ERROR_CODES.serverLost,
      this.options.mask,
    );
    if (!final) {
      seq += 1;
      const frame = {
        type: 'execution_error',
        kind: 'agent',
        executionId: run.id,
        seq,
        error: { code: failure.code, message: failure.message },
      } as StreamEvent;
      await this.store.appendEvents(run.id, [frame]);
    }
    const completed = final?.type === 'execution_complete';
    run.status = completed ? 'completed' : 'failed';
    if (!completed)
      run.failure =
        final?.type === 'execution_error'
          ? { code: final.error.code ?? ERROR_CODES.serverLost, detail: final.error.message }
          : { code: failure.code, detail: failure.detail };
    run.seq = seq;
    run.history = answeredPrefix(run.history, run.transcriptLength);
    run.pending = [];
    delete run.stepResults;
    delete run.pausedAt;
    run.version += 1;
    run.updatedAt = new Date().toISOString();
    await this.store.saveRun(run);
    await this.store.updateSession(run.sessionId, (session) => mergeIntoSession(session, run));
    const ended: Failure | undefined = run.failure
      ? { ...failure, code: run.failure.code as Failure['code'], detail: run.failure.detail }
      : undefined;
    notify(
      this.options.observer ?? {},
      'runEnded',
      ended ? { run, outcome: 'failed', failure: ended } : { run, outcome: 'completed', stopReason: 'taken_over' },
    );
  }

  #staleBefore(): string {
    return new Date(Date.now() - this.staleMs).toISOString();
  }
}

function isFinal(
  event: StreamEvent,
): event is Extract<StreamEvent, { type: 'execution_complete' | 'execution_error' }> {
  return event.type === 'execution_complete' || event.type === 'execution_error';
}

/**
 * The history without a trailing step whose tool calls have no results (the segment died before it
 * stored them): a model refuses a tool call without its result in the next turn's history.
 */
function answeredPrefix(history: readonly ModelMessage[], from: number): ModelMessage[] {
  for (let i = history.length - 1; i >= from; i--) {
    const message = history[i]!;
    if (message.role !== 'assistant' || !message.toolCalls?.length) continue;
    const answered = new Set(history.slice(i + 1).flatMap((m) => (m.role === 'tool' ? [m.toolCallId] : [])));
    return message.toolCalls.every((c) => answered.has(c.id)) ? [...history] : history.slice(0, i);
  }
  return [...history];
}
