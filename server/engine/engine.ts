/**
 * The execution engine: a run is a loop of model steps. A step streams text and tool calls;
 * client (page) tools are not run here — they become the pause: the run is saved as `awaiting`
 * first, then one `await` event per call is written and the stream ends. A resume claims the
 * paused run (compare-and-set, see `claim.ts`), adds the tool results and continues the loop.
 */
import type { ToolOutcome } from '../../bridge/protocol/index.js';
import type { ModelMessage } from '../models/types.js';
import type { RunRecord, Store } from '../store/index.js';
import { PendingClaim } from './claim.js';
import { EventHub } from './hub.js';
import { newId } from './ids.js';
import { notify, type RunObserver } from './observer.js';
import { DEFAULT_HEARTBEAT_MS, RunLease } from './heartbeat.js';
import { addStepResults, addUserMessage } from './record.js';
import { clientOrigin } from './call-budget.js';
import { Segment } from './segment.js';
import { Takeovers } from './takeover.js';
import { warnTo, type Warn } from './warn.js';
import type { Logger } from '../log/logger.js';
import type { FollowSource } from './follow.js';
import type { AgentRuntime, ResumeParams, StartParams } from './types.js';

export type { AgentRuntime, EventInput, ResumeParams, StartParams } from './types.js';

export interface EngineOptions {
  /** How often a running segment records its heartbeat on its run (default 2 s; 0: never). */
  heartbeatMs?: number;
  /** Masks configured secret values in what a takeover stores and logs. */
  mask?: (text: string) => string;
  /** The app's log, for failures of background work the engine survives (default: stderr). */
  log?: Logger;
}

/** A segment about to run, its hub and its heartbeat. */
interface Live {
  segment: Segment;
  events: EventHub;
  lease: RunLease;
}

/** Runs executions and keeps the live event hub of every segment running in this process. */
export class Engine {
  readonly #live = new Map<string, EventHub>();
  readonly #running = new Map<Promise<void>, Segment>();
  readonly #warn: Warn;

  constructor(
    private readonly store: Store,
    /** Told about pauses and resumes as they happen (webhooks); never awaited. */
    private readonly observer: RunObserver = {},
    private readonly options: EngineOptions = {},
  ) {
    this.#warn = warnTo(options.log, options.mask);
    this.takeovers = new Takeovers(store, {
      warn: this.#warn,
      heartbeatMs: this.#heartbeatMs,
      isLocal: (id) => this.#live.has(id),
      observer,
      ...(options.mask ? { mask: options.mask } : {}),
    });
  }

  /** Ends runs stranded by a process that died (see `takeover.ts`); `start()` runs its sweep. */
  readonly takeovers: Takeovers;

  /** For reconnect followers: after this long without news from a running run, try to take it over. */
  get stranded(): NonNullable<FollowSource['stranded']> {
    return { afterMs: this.takeovers.staleMs, takeOver: (run) => this.takeovers.takeOver(run) };
  }

  get #heartbeatMs(): number {
    return this.options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  }

  /** The hub of the segment of `executionId` running in this process, if one is. */
  live(executionId: string): EventHub | undefined {
    return this.#live.get(executionId);
  }

  /** Starts a run; returns it and the hub of its first segment. */
  async start(params: StartParams): Promise<{ run: RunRecord; events: EventHub }> {
    const now = new Date().toISOString();
    // The user's message joins the session transcript now, not at the run's end: a run whose
    // process dies still leaves it there for the next turn. The run references the transcript
    // before it (RunRecord.transcriptRef) and starts its own history with it, counted as already
    // in the session (`transcriptLength`) so the run's end does not add it twice.
    const session = await this.store.updateSession(params.session.id, (s) => addUserMessage(s, params.userText, now));
    const transcript = session ? session.transcript.slice(0, -1) : params.session.transcript;
    const history: ModelMessage[] = [{ role: 'user', content: params.userText }];
    const run: RunRecord = {
      id: newId('exec'),
      sessionId: params.session.id,
      surfaceId: params.session.surfaceId,
      agentId: params.agent.id,
      status: 'running',
      iteration: 0,
      seq: 0,
      history,
      transcriptLength: session ? 1 : 0,
      transcriptRef: transcript.length,
      messageTimes: session ? [] : [now],
      calls: {},
      pending: [],
      tools: params.tools,
      version: 1,
      createdAt: now,
      updatedAt: now,
      ...params.record,
    };
    await this.store.saveRun(run);
    notify(this.observer, 'runStarted', run);
    const { segment, events, lease } = this.#segment(run, params.agent);
    segment.continueFrom(transcript);
    this.#run(run.id, { segment, events, lease }, async () => {
      await segment.emit({ type: 'execution_start', kind: 'agent', agentId: params.agent.id, startedAt: now });
    });
    return { run, events };
  }

  /**
   * Continues a paused run with tool results; resolves with the hub of the continuation once the
   * run is claimed. `params.run` is either claimed already (`running`) or the paused run as read
   * (`awaiting`): then the claim is taken with the continuation's first write (see `claim.ts`), and
   * this rejects with a `ClaimLostError` when another resume took it, or with the error that ended
   * the continuation before its claim (the run then stays paused).
   */
  async resume(params: ResumeParams): Promise<EventHub> {
    const { run } = params;
    const claim = run.status === 'awaiting' ? new PendingClaim(() => this.#live.set(run.id, events)) : undefined;
    const observer = claim ? claim.observer(this.observer) : this.observer;
    run.status = 'running';
    if (params.tools) run.tools = params.tools;
    const { segment, events, lease } = this.#segment(run, params.agent, observer, claim);
    const pending = run.pending;
    run.pending = [];
    this.#run(
      run.id,
      { segment, events, lease },
      async () => {
        if (run.transcriptRef) {
          const session = params.session ?? (await this.store.getSession(run.sessionId));
          segment.continueFrom(session?.transcript ?? []);
        }
        const at = new Date().toISOString();
        // Pause → resume, unless the page reported the call's own duration.
        const pausedMs = run.pausedAt ? Math.max(0, Date.parse(at) - Date.parse(run.pausedAt)) : 0;
        const calls = (run.calls ??= {});
        const finished = pending.map((call) => {
          const output = params.outputs.get(call.toolCallId)!;
          const durationMs = Math.round(params.durations?.[call.toolCallId] ?? pausedMs);
          calls[call.toolCallId] = { ...calls[call.toolCallId], name: call.bareName, durationMs, kind: 'webmcp' };
          return { ...call, text: output.text, isError: output.isError, durationMs };
        });
        // The step's results in the order the model asked: the server's (stored at the pause) beside the page's.
        const results = new Map<string, ToolOutcome & { providerName: string }>(Object.entries(run.stepResults ?? {}));
        for (const call of finished) results.set(call.toolCallId, { ...call, providerName: call.providerName });
        const asked = [...run.history].reverse().find((m) => m.role === 'assistant' && m.toolCalls?.length);
        const order = asked?.role === 'assistant' && asked.toolCalls ? asked.toolCalls : [];
        const inOrder = new Set(order.map((c) => c.id));
        addStepResults(
          run,
          [
            ...order,
            ...finished
              .filter((c) => !inOrder.has(c.toolCallId))
              .map((c) => ({ id: c.toolCallId, name: c.providerName, arguments: c.parameters })),
          ],
          results,
          at,
        );
        delete run.stepResults;
        const groupId = (pending[0] && calls[pending[0].toolCallId]?.groupId) ?? newId('grp');
        notify(observer, 'callsFinished', {
          surfaceId: run.surfaceId,
          sessionId: run.sessionId,
          executionId: run.id,
          groupId,
          at,
          calls: finished.map((call) => ({ ...call, origin: clientOrigin(run, call.bareName) })),
        });
        for (const call of finished) {
          await segment.emit({
            type: 'tool_complete',
            toolCallId: call.toolCallId,
            toolName: call.bareName,
            result: call.text,
            success: !call.isError,
            executionTime: call.durationMs,
            ...(call.isError ? { error: call.text } : {}),
            origin: clientOrigin(run, call.bareName),
          });
        }
        delete run.pausedAt;
      },
      claim,
    );
    if (claim) await claim.settled;
    return events;
  }

  #segment(run: RunRecord, agent: AgentRuntime, observer = this.observer, claim?: PendingClaim): Live {
    const events = new EventHub(run.seq + 1);
    // Taken over elsewhere after missed beats: stop the step; that instance ends the run.
    const lease = new RunLease(this.store, run, this.#heartbeatMs, () => segment.stop(true), this.#warn);
    const segment = new Segment(this.store, run, agent, events, observer, lease, claim);
    return { segment, events, lease };
  }

  /**
   * Registers the hub synchronously (so a reconnect finds it at once) and drops it when the segment
   * ends. A segment with a claim pending registers, and starts its heartbeat, once it has the claim.
   */
  #run(
    executionId: string,
    { segment, events, lease }: Live,
    prologue: () => Promise<void>,
    claim?: PendingClaim,
  ): void {
    if (!claim) {
      this.#live.set(executionId, events);
      lease.start();
    }
    const running: Promise<void> = segment.run(prologue).finally(() => {
      lease.stop();
      this.#running.delete(running);
      if (this.#live.get(executionId) === events) this.#live.delete(executionId);
    });
    this.#running.set(running, segment);
  }

  /**
   * For a graceful shutdown: waits up to `graceMs` for the segments running in this process to end,
   * then stops the rest, which end their runs with `execution_error` (`server_shutdown`) — so no
   * run is left `running` with nobody to finish it. Resolves when all have ended.
   */
  async drain(graceMs: number): Promise<void> {
    if (this.#running.size === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...this.#running.keys()]), grace]);
    clearTimeout(timer);
    for (const segment of this.#running.values()) segment.stop();
    await Promise.allSettled([...this.#running.keys()]);
  }
}
