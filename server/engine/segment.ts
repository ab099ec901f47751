/**
 * One segment of a run: the model-step loop from a start or a resume to the run's end or next
 * pause. Every event goes to the segment's {@link EventHub} at once and to the store in batches
 * ({@link EventWriter}); the batches are stored before the run is saved and before the hub closes.
 */
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { ModelMessage, ModelTool, ModelToolCall } from '../models/types.js';
import type { PendingCall, RunRecord, StepResult, Store } from '../store/types.js';
import type { AgentRuntime, EventInput } from './types.js';
import type { EventHub } from './hub.js';
import { EventWriter } from './event-writer.js';
import { newId } from './ids.js';
import { notify, type RunObserver } from './observer.js';
import { addMessage, addStepResults, mergeIntoSession } from './record.js';
import { runServerStep, type ServerStepCall } from './server-step.js';
import { bareNameOf } from '../tools/names.js';
import { runToolset } from '../tools/run-toolset.js';
import { ERROR_CODES } from '../../bridge/protocol/index.js';
import { describeFailure, logFailure } from './failure.js';

/** One stretch of a run between its start or a resume and its end or next pause. */
export class Segment {
  constructor(
    private readonly store: Store,
    private readonly record: RunRecord,
    private readonly agent: AgentRuntime,
    private readonly events: EventHub,
    private readonly observer: RunObserver = {},
  ) {
    this.#writer = new EventWriter(store, record.id, events);
  }

  readonly #stopper = new AbortController();
  readonly #writer: EventWriter;
  /** The session transcript the run continues (`record.transcriptRef` messages), not copied into its history. */
  #prefix: readonly ModelMessage[] = [];

  /** Sets the session transcript before the run's own history (see `RunRecord.transcriptRef`). */
  continueFrom(transcript: readonly ModelMessage[]): void {
    this.#prefix = transcript.slice(0, this.record.transcriptRef ?? 0);
  }

  /** Stops the model step in flight; the run then ends with `execution_error` code `server_shutdown`. */
  stop(): void {
    this.#stopper.abort(new Error('The server shut down while this run was working.'));
  }

  /** Stores the event at the next `seq`, then pushes it to the hub. */
  async emit(input: EventInput): Promise<void> {
    await this.#write(input, ++this.record.seq);
  }

  /** Streams one event at a `seq` already allocated in the record, and queues it for the store. */
  async #write(input: EventInput, seq: number): Promise<void> {
    this.#writer.write({ ...input, executionId: this.record.id, seq } as StreamEvent);
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
      const final = run.iteration >= this.agent.maxSteps;
      if (final && run.history.at(-1)?.role !== 'tool') break;
      run.iteration += 1;
      const turnId = newId('turn');
      await this.emit({ type: 'turn_start', id: turnId, iteration: run.iteration });
      const step = await this.#step(final ? [] : tools);
      if (step.toolCalls.length === 0 || final) {
        addMessage(run, { role: 'assistant', content: step.text });
        await this.emit({
          type: 'turn_complete',
          id: turnId,
          iteration: run.iteration,
          stopReason: final ? 'max_steps' : step.stopReason,
        });
        await this.#complete(final ? 'max_steps' : 'end_turn');
        return;
      }
      addMessage(run, { role: 'assistant', content: step.text || null, toolCalls: step.toolCalls });
      const pending: PendingCall[] = [];
      const server: ServerStepCall[] = [];
      const answered = new Map<string, StepResult>();
      for (const call of step.toolCalls) {
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
        answered.set(call.id, { text, isError: true, providerName: call.name });
        (run.calls ??= {})[call.id] = { name: call.name, durationMs: 0 };
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

  async #step(tools: ModelTool[]): Promise<{ text: string; toolCalls: ModelToolCall[]; stopReason: string }> {
    const controller = new AbortController();
    if (this.#stopper.signal.aborted) throw this.#stopper.signal.reason;
    this.#stopper.signal.addEventListener('abort', () => controller.abort(this.#stopper.signal.reason), { once: true });
    let text = '';
    let textId: string | undefined;
    let reasoning = '';
    let reasoningId: string | undefined;
    const toolCalls: ModelToolCall[] = [];
    let stopReason = 'stop';
    const request = {
      messages: this.#prefix.length > 0 ? [...this.#prefix, ...this.record.history] : this.record.history,
      tools,
      signal: controller.signal,
      ...(this.agent.instructions ? { instructions: this.agent.instructions } : {}),
    };
    for await (const event of this.agent.model.stream(request)) {
      switch (event.type) {
        case 'text-delta':
          if (!textId) await this.emit({ type: 'text_start', id: (textId = newId('text')) });
          text += event.delta;
          await this.emit({ type: 'text_delta', id: textId, delta: event.delta });
          break;
        case 'reasoning-delta':
          if (!reasoningId) await this.emit({ type: 'reasoning_start', id: (reasoningId = newId('reason')) });
          reasoning += event.delta;
          await this.emit({ type: 'reasoning_delta', id: reasoningId, delta: event.delta });
          break;
        case 'tool-call':
          toolCalls.push({ id: event.id, name: event.name, arguments: parseArguments(event.arguments) });
          break;
        case 'finish':
          stopReason = event.reason;
          break;
        default:
          break; // start/delta fragments of tool calls: the complete call follows
      }
    }
    if (reasoningId) await this.emit({ type: 'reasoning_complete', id: reasoningId, text: reasoning });
    if (textId) await this.emit({ type: 'text_complete', id: textId, text });
    return { text, toolCalls, stopReason };
  }

  async #pause(pending: PendingCall[]): Promise<void> {
    const run = this.record;
    const now = new Date().toISOString();
    run.status = 'awaiting';
    run.pending = pending;
    run.pausedAt = now;
    run.updatedAt = now;
    run.version += 1;
    const groupId = newId('grp');
    const calls = (run.calls ??= {});
    for (const call of pending) calls[call.toolCallId] = { name: call.bareName, groupId, kind: 'webmcp' };
    // The seqs of the frames below are allocated now, so the saved record knows them and a
    // continuation (which starts from the saved `seq`) never reuses one.
    const first = run.seq + 1;
    run.seq += pending.length * 2;
    // Persist before any `await` frame is written: a resume may arrive the moment the client sees one.
    await this.#writer.flush();
    await this.store.saveRun(run);
    notify(this.observer, 'callsStarted', {
      surfaceId: run.surfaceId,
      sessionId: run.sessionId,
      executionId: run.id,
      groupId,
      at: now,
      calls: pending,
    });
    for (const [i, call] of pending.entries()) {
      await this.#write(
        {
          type: 'tool_start',
          toolCallId: call.toolCallId,
          toolName: call.bareName,
          toolType: 'client',
          parameters: call.parameters,
        },
        first + i,
      );
    }
    for (const [i, call] of pending.entries()) {
      await this.#write(
        {
          type: 'await',
          toolName: call.bareName,
          origin: 'webmcp',
          toolCallId: call.toolCallId,
          parameters: call.parameters,
          awaitedAt: now,
        },
        first + pending.length + i,
      );
    }
    await this.#writer.flush();
  }

  async #complete(stopReason: string): Promise<void> {
    const run = this.record;
    run.status = 'completed';
    // The final seq is allocated before the save, so the stored record always knows the last seq.
    const seq = ++run.seq;
    try {
      await this.#finish();
    } catch (error) {
      run.seq = seq - 1;
      throw error;
    }
    await this.#write(
      {
        type: 'execution_complete',
        kind: 'agent',
        success: true,
        stopReason,
        completedAt: new Date().toISOString(),
        model: { id: this.agent.model.info.id, offline: this.agent.model.info.offline },
      },
      seq,
    );
    await this.#writer.flush();
  }

  async #fail(error: unknown): Promise<void> {
    const run = this.record;
    run.status = 'failed';
    const seq = ++run.seq;
    const code = this.#stopper.signal.aborted ? ERROR_CODES.serverShutdown : ERROR_CODES.modelError;
    // The browser gets a fixed message; the masked detail goes to the stored run and the log.
    const failure = describeFailure(error, code, this.agent.mask);
    run.failure = { code, detail: failure.detail };
    logFailure(run.id, failure);
    try {
      await this.#finish();
      await this.#write({ type: 'execution_error', kind: 'agent', error: { code, message: failure.message } }, seq);
      await this.#writer.flush();
    } catch (storeError) {
      // The store itself failed: the client still learns the run ended, from the live hub.
      const stored = describeFailure(storeError, ERROR_CODES.storeError, this.agent.mask);
      logFailure(run.id, stored);
      if (this.events.lastSeq >= seq) return; // the frame went out live; only its storage failed
      this.events.push({
        type: 'execution_error',
        kind: 'agent',
        executionId: run.id,
        seq,
        error: { code: stored.code, message: stored.message },
      });
    }
  }

  /** Saves the run and appends its new messages to the session's authoritative transcript. */
  async #finish(): Promise<void> {
    const run = this.record;
    await this.#writer.flush();
    run.updatedAt = new Date().toISOString();
    run.version += 1;
    await this.store.saveRun(run);
    // Atomic, so a concurrent run's end or a tool-set save of the same session is not overwritten.
    await this.store.updateSession(run.sessionId, (session) => mergeIntoSession(session, run));
  }
}

function parseArguments(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { _raw: text }; // unparseable arguments reach the page, whose validation explains the problem to the model
  }
}
