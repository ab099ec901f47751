/**
 * One segment of a run: the model-step loop from a start or a resume to the run's end or next
 * pause. Every event goes to the segment's {@link EventHub} at once and to the store in batches
 * ({@link EventWriter}); the batches are stored before the run is saved ({@link RunWriter}) and before
 * the hub closes.
 */
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { ModelMessage, ModelTool, ModelToolCall } from '../models/types.js';
import type { PendingCall, RunRecord, StepResult, Store } from '../store/types.js';
import type { AgentRuntime, EventInput } from './types.js';
import type { EventHub } from './hub.js';
import type { PendingClaim } from './claim.js';
import { DELTA_WINDOW_MS, EventWriter } from './event-writer.js';
import { newId } from './ids.js';
import { notify, type RunObserver } from './observer.js';
import { addMessage, addStepResults, mergeIntoSession } from './record.js';
import { RunWriter } from './run-writer.js';
import { runServerStep, type ServerStepCall } from './server-step.js';
import { bareNameOf } from '../tools/names.js';
import { runToolset } from '../tools/run-toolset.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';
import { describeFailure } from './failure.js';
import { boundHistory, DEFAULT_HISTORY_BUDGET } from './history-budget.js';
import { MAX_TOOL_CALLS, callsLeft, clientOrigin, overBudgetText, withinBudget } from './call-budget.js';
import { RunLostError, type RunLease } from './heartbeat.js';
import { StoreWriteError } from './store-retry.js';
import { streamModelStep, type StepOutcome } from './model-step.js';

/** One stretch of a run between its start or a resume and its end or next pause. */
export class Segment {
  constructor(
    store: Store,
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
    this.#writer = new EventWriter(
      store,
      record.id,
      events,
      DELTA_WINDOW_MS,
      claim ? () => this.#runWriter.ensureClaimed() : undefined,
    );
    this.#runWriter = new RunWriter(store, record, this.#writer, events, lease, claim);
    record.segmentId = newId('seg');
    // No reader sees an event before the claim; a resume that loses it shows nothing.
    if (claim) events.holding(claim.settled).catch(() => {});
  }

  readonly #stopper = new AbortController();
  readonly #writer: EventWriter;
  readonly #runWriter: RunWriter;
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
      if (server.length > 0) await this.#runWriter.ensureClaimed();
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
    if (!this.agent.model.info.offline) await this.#runWriter.ensureClaimed();
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
      await this.events.holding(this.#runWriter.commit(frames));
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
      await this.events.holding(this.#runWriter.commit([frame], (session) => mergeIntoSession(session, run)));
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
    if (this.#runWriter.abandonClaim(error instanceof StoreWriteError ? error.cause : error)) return;
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
    const storeFailure = await this.#runWriter.storeFinal(frame, this.#stopper.signal, this.agent.mask);
    notify(this.observer, 'runEnded', {
      run,
      outcome: 'failed',
      failure: storeFailure ? { ...storeFailure, detail: `${failure.detail}; then ${storeFailure.detail}` } : failure,
    });
  }
}
