/**
 * One segment of a run: the model-step loop from a start or a resume to the run's end or next
 * pause. Every event goes to the segment's {@link EventHub} at once and to the store in batches
 * ({@link EventWriter}); the batches are stored before the run is saved and before the hub closes.
 */
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { ModelMessage, ModelTool, ModelToolCall } from '../models/types.js';
import type { PendingCall, RunRecord, SessionRecord, StepResult, Store } from '../store/types.js';
import type { AgentRuntime, EventInput } from './types.js';
import type { EventHub } from './hub.js';
import { ClaimLostError, type PendingClaim } from './claim.js';
import { DELTA_WINDOW_MS, EventWriter } from './event-writer.js';
import { newId } from './ids.js';
import { notify, type RunObserver } from './observer.js';
import { addMessage, addStepResults, mergeIntoSession } from './record.js';
import { runServerStep, type ServerStepCall } from './server-step.js';
import { bareNameOf } from '../tools/names.js';
import { runToolset } from '../tools/run-toolset.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';
import { describeFailure, type Failure } from './failure.js';
import { boundHistory, DEFAULT_HISTORY_BUDGET } from './history-budget.js';
import { MAX_TOOL_CALLS, callsLeft, clientOrigin, overBudgetText, withinBudget } from './call-budget.js';
import { RunLostError, type RunLease } from './heartbeat.js';
import { storeFinal, StoreWriteError } from './store-retry.js';
import { streamModelStep, type StepOutcome } from './model-step.js';

/** One stretch of a run between its start or a resume and its end or next pause. */
export class Segment {
  constructor(
    private readonly store: Store,
    private readonly record: RunRecord,
    private readonly agent: AgentRuntime,
    private readonly events: EventHub,
    private readonly observer: RunObserver = {},
    /** The run's heartbeat; absent, nothing checks for a takeover. */
    private readonly lease?: RunLease,
    /**
     * A resume's claim not taken yet (`record` is the paused run as read, still `awaiting` in the
     * store): taken with the first commit, or before anything leaves the process (see `claim.ts`).
     * The lease then starts with the claim, if the segment goes on after it.
     */
    claim?: PendingClaim,
  ) {
    this.#claim = claim;
    this.#writer = new EventWriter(
      store,
      record.id,
      events,
      DELTA_WINDOW_MS,
      claim ? () => this.#ensureClaimed() : undefined,
    );
    this.#storedVersion = record.version;
    record.segmentId = newId('seg');
    // No reader sees an event before the claim; a resume that loses it shows nothing.
    if (claim) events.holding(claim.settled).catch(() => {});
  }

  readonly #claim: PendingClaim | undefined;
  #claiming: Promise<void> | undefined;

  readonly #stopper = new AbortController();
  readonly #writer: EventWriter;
  /** The run's version in the store: what the segment's commits compare-and-set against. */
  #storedVersion: number;
  /** The session transcript the run continues (`record.transcriptRef` messages), not copied into its history. */
  #prefix: readonly ModelMessage[] = [];

  /** Sets the session transcript before the run's own history (see `RunRecord.transcriptRef`). */
  continueFrom(transcript: readonly ModelMessage[]): void {
    this.#prefix = transcript.slice(0, this.record.transcriptRef ?? 0);
  }

  /**
   * Stops the model step in flight; the run then ends with `execution_error` code `server_shutdown`,
   * or, when `lost` (another instance took the run over), with nothing written by this segment.
   */
  stop(lost = false): void {
    this.#stopper.abort(
      lost ? new RunLostError(this.record.id) : new Error('The server shut down while this run was working.'),
    );
  }

  /**
   * Streams the event at the next `seq` and queues it for the store; the seq is taken once queued.
   * Rejects with a `StoreWriteError` when an earlier batch of the segment's events failed to store.
   */
  async emit(input: EventInput): Promise<void> {
    const seq = this.record.seq + 1;
    try {
      this.#writer.write({ ...input, executionId: this.record.id, seq } as StreamEvent);
    } catch (error) {
      throw new StoreWriteError(error);
    }
    this.record.seq = seq;
  }

  /** Runs `prologue` (the first events), then model steps until a pause or the end; always closes the hub. */
  async run(prologue: () => Promise<void>): Promise<void> {
    try {
      await prologue();
      await this.#loop();
    } catch (error) {
      await this.#fail(error);
    } finally {
      this.#writer.dispose();
      this.events.close();
    }
  }

  async #loop(): Promise<void> {
    const run = this.record;
    const toolset = runToolset(run.tools, this.agent.serverTools ?? []);
    const tools = toolset.modelTools;
    for (;;) {
      // At the step limit the model still gets one last step, without tools, to answer from the
      // tool results it asked for; a run never ends on results the model has not seen.
      const spent = callsLeft(run) === 0;
      const final = run.iteration >= this.agent.maxSteps || spent;
      if (final && run.history.at(-1)?.role !== 'tool') break;
      run.iteration += 1;
      const turnId = newId('turn');
      await this.emit({ type: 'turn_start', id: turnId, iteration: run.iteration });
      const stepStarted = performance.now();
      const step = await this.#step(final ? [] : tools);
      notify(this.observer, 'stepFinished', {
        run,
        ms: performance.now() - stepStarted,
        toolCalls: step.toolCalls.length,
      });
      if (step.toolCalls.length === 0 || final) {
        addMessage(run, { role: 'assistant', content: step.text });
        await this.emit({
          type: 'turn_complete',
          id: turnId,
          iteration: run.iteration,
          stopReason: final ? (spent ? MAX_TOOL_CALLS : 'max_steps') : step.stopReason,
        });
        await this.#complete(final ? (spent ? MAX_TOOL_CALLS : 'max_steps') : 'end_turn');
        return;
      }
      addMessage(run, { role: 'assistant', content: step.text || null, toolCalls: step.toolCalls });
      const pending: PendingCall[] = [];
      const server: ServerStepCall[] = [];
      const answered = new Map<string, StepResult>();
      const { allowed, refused } = withinBudget(run, step.toolCalls);
      for (const call of refused) await this.#answerWithError(call, answered, overBudgetText(run));
      for (const call of allowed) {
        const canonical = toolset.names.canonical(call.name);
        if (canonical) {
          const entry: PendingCall = {
            toolCallId: call.id,
            canonicalName: canonical,
            bareName: bareNameOf(canonical),
            providerName: call.name,
            parameters: call.arguments,
          };
          const tool = toolset.server.get(canonical);
          if (tool) server.push({ ...entry, tool });
          else pending.push(entry);
          continue;
        }
        // The model named a tool it was not given: tell it so, as a tool result, and go on.
        const text = `Unknown tool "${call.name}". Available tools: ${tools.map((t) => t.name).join(', ') || 'none'}.`;
        await this.#answerWithError(call, answered, text);
      }
      // A server tool acts on the world: only for a resume whose claim is stored.
      if (server.length > 0) await this.#ensureClaimed();
      const results = await runServerStep(run, server, (e) => this.emit(e), this.observer, this.#stopper.signal);
      for (const [id, result] of results) answered.set(id, result);
      if (pending.length > 0) {
        // The page's outputs join these on resume, in the order the model asked.
        run.stepResults = Object.fromEntries(answered);
        await this.#pause(pending);
        return;
      }
      addStepResults(run, step.toolCalls, answered);
      await this.emit({ type: 'turn_complete', id: turnId, iteration: run.iteration, stopReason: 'tool_calls' });
    }
    await this.#complete('max_steps');
  }

  /** Answers a call the server will not run (an unknown tool, a call over `maxToolCalls`) with an error result. */
  async #answerWithError(call: ModelToolCall, answered: Map<string, StepResult>, text: string): Promise<void> {
    answered.set(call.id, { text, isError: true, providerName: call.name });
    (this.record.calls ??= {})[call.id] = { name: call.name, durationMs: 0 };
    await this.emit({
      type: 'tool_complete',
      toolCallId: call.id,
      toolName: call.name,
      result: text,
      success: false,
      executionTime: 0,
      error: text,
    });
  }

  async #step(tools: ModelTool[]): Promise<StepOutcome> {
    if (this.#stopper.signal.aborted) throw this.#stopper.signal.reason;
    // A request to a model elsewhere is not made for a resume that may lose its claim.
    if (!this.agent.model.info.offline) await this.#ensureClaimed();
    const request = {
      messages: [
        ...boundHistory(
          this.#prefix.length > 0 ? [...this.#prefix, ...this.record.history] : this.record.history,
          this.agent.history ?? DEFAULT_HISTORY_BUDGET,
        ),
      ],
      tools,
      // The segment's own signal: a step ends only when the segment stops (no controller per step).
      signal: this.#stopper.signal,
      ...(this.agent.instructions ? { instructions: this.agent.instructions } : {}),
    };
    return streamModelStep(this.agent, request, (input) => this.emit(input));
  }

  async #pause(pending: PendingCall[]): Promise<void> {
    const run = this.record;
    const now = new Date().toISOString();
    const groupId = newId('grp');
    const calls = (run.calls ??= {});
    for (const call of pending) calls[call.toolCallId] = { name: call.bareName, groupId, kind: 'webmcp' };
    const first = run.seq + 1;
    const frames = [
      ...pending.map((call) => ({
        type: 'tool_start',
        toolCallId: call.toolCallId,
        toolName: call.bareName,
        toolType: 'client',
        parameters: call.parameters,
      })),
      ...pending.map((call) => ({
        type: 'await',
        toolName: call.bareName,
        origin: clientOrigin(run, call.bareName),
        toolCallId: call.toolCallId,
        parameters: call.parameters,
        awaitedAt: now,
      })),
    ].map((frame, i) => ({ ...frame, executionId: run.id, seq: first + i }) as StreamEvent);
    run.status = 'awaiting';
    run.pending = pending;
    run.pausedAt = now;
    run.updatedAt = now;
    run.seq += frames.length;
    try {
      // The run, its last events and the `await` frames in one transaction, before any frame reaches
      // the client: a resume may arrive the moment it sees one. Readers get the events before it
      // with the frames, in one write.
      await this.events.holding(this.#commit(frames));
    } catch (error) {
      run.status = 'running';
      run.pending = [];
      delete run.pausedAt;
      run.seq = first - 1;
      throw error;
    }
    notify(this.observer, 'callsStarted', {
      surfaceId: run.surfaceId,
      sessionId: run.sessionId,
      executionId: run.id,
      groupId,
      at: now,
      calls: pending.map((call) => ({ ...call, origin: clientOrigin(run, call.bareName) })),
    });
    for (const frame of frames) this.events.push(frame);
  }

  async #complete(stopReason: string): Promise<void> {
    const run = this.record;
    run.status = 'completed';
    // The final seq is allocated before the save, so the stored record always knows the last seq.
    const seq = ++run.seq;
    const frame: StreamEvent = {
      type: 'execution_complete',
      kind: 'agent',
      executionId: run.id,
      seq,
      success: true,
      stopReason,
      completedAt: new Date().toISOString(),
      model: { id: this.agent.model.info.id, offline: this.agent.model.info.offline },
    };
    try {
      // Readers get the last events with the final frame, in one write.
      await this.events.holding(this.#commit([frame], (session) => mergeIntoSession(session, run)));
    } catch (error) {
      run.seq = seq - 1;
      run.status = 'running';
      throw error;
    }
    this.events.push(frame);
    notify(this.observer, 'runEnded', { run, outcome: 'completed', stopReason });
  }

  async #fail(error: unknown): Promise<void> {
    // A resume that ends before its claim writes nothing: the run stays paused, answerable again.
    if (this.#claim && !this.#claim.taken) {
      this.#claim.fail(error instanceof StoreWriteError ? error.cause : error);
      return;
    }
    // The instance that took the run over ends it; this segment writes nothing more.
    if (error instanceof RunLostError || this.lease?.lost) return;
    const run = this.record;
    run.status = 'failed';
    const seq = ++run.seq;
    const code = this.#stopper.signal.aborted
      ? ERROR_CODES.serverShutdown
      : error instanceof StoreWriteError
        ? ERROR_CODES.storeError
        : ERROR_CODES.modelError;
    // The browser gets a fixed message; the masked detail goes to the stored run and the log.
    const failure = describeFailure(error instanceof StoreWriteError ? error.cause : error, code, this.agent.mask);
    run.failure = { code, detail: failure.detail };
    const frame = {
      type: 'execution_error',
      kind: 'agent',
      executionId: run.id,
      seq,
      error: { code, message: failure.message },
    } as StreamEvent;
    const storeFailure = await this.#storeFinal(frame);
    notify(this.observer, 'runEnded', {
      run,
      outcome: 'failed',
      failure: storeFailure ? { ...storeFailure, detail: `${failure.detail}; then ${storeFailure.detail}` } : failure,
    });
  }

  /**
   * Commits the failed run with its final frame. While the store fails, readers here get the frame at
   * once and the commit is retried until the store comes back, so the run never stays `running` in a
   * store that works again; it stops trying when the run is taken over or the server stops.
   * Resolves with the store's first failure, if it failed.
   */
  async #storeFinal(frame: StreamEvent): Promise<Failure | undefined> {
    let pushed = false;
    let failed: Failure | undefined;
    await storeFinal({
      commit: () => this.#commit([frame], (session) => mergeIntoSession(session, this.record)),
      onFailure: (error) => {
        if (pushed) return;
        pushed = true;
        failed = describeFailure(
          error instanceof StoreWriteError ? error.cause : error,
          ERROR_CODES.storeError,
          this.agent.mask,
        );
        this.events.push(frame);
      },
      signal: this.#stopper.signal,
      lost: () => this.lease?.lost ?? false,
    });
    if (!pushed) this.events.push(frame);
    return failed;
  }

  /**
   * Stores the run as it now is with its events not stored yet and `frames`, in one transaction (and
   * `session`'s change of its session): a compare-and-set on the version this segment started from,
   * so a segment whose run another instance took over writes nothing ({@link RunLostError}).
   * A store failure is a {@link StoreWriteError}, and the events stay queued for another attempt.
   */
  async #commit(frames: StreamEvent[], session?: (session: SessionRecord) => void): Promise<void> {
    const run = this.record;
    run.updatedAt = new Date().toISOString();
    let committed: boolean;
    let claiming = false;
    try {
      committed = await this.#writer.storeWith((events) => {
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

  /**
   * Takes the resume's claim now, if it is still pending (the classic compare-and-set from
   * `awaiting`), and starts the heartbeat; a {@link RunLostError} when another resume has it.
   */
  async #ensureClaimed(): Promise<void> {
    const claim = this.#claim;
    if (!claim || claim.taken) return;
    if (!claim.pending) throw new RunLostError(this.record.id);
    await (this.#claiming ??= this.#takeClaim(claim));
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
