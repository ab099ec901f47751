/**
 * The execution engine: a run is a loop of model steps. A step streams text and tool calls;
 * client (page) tools are not run here — they become the pause: the run is saved as `awaiting`
 * first, then one `await` event per call is written and the stream ends. A resume claims the
 * paused run (compare-and-set), adds the tool results and continues the loop.
 */
import type { ClientTool, StreamEvent, ToolOutput } from '../../bridge/protocol/index.js';
import type { ModelAdapter, ModelMessage, ModelTool, ModelToolCall } from '../models/types.js';
import type { PendingCall, RunRecord, SessionRecord, Store } from '../store/index.js';
import { Channel } from './channel.js';
import { newId } from './ids.js';
import { ToolNameMap, bareNameOf, canonicalName } from './tool-names.js';

/** Distributes `Omit` over a union, so each event keeps its own fields. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventInput = DistributiveOmit<StreamEvent, 'executionId' | 'seq'>;

export interface AgentRuntime {
  id: string;
  model: ModelAdapter;
  instructions?: string;
  maxSteps: number;
}

export interface StartParams {
  session: SessionRecord;
  agent: AgentRuntime;
  userText: string;
  tools: ClientTool[];
}

export interface ResumeParams {
  run: RunRecord;
  agent: AgentRuntime;
  /** Tool results by `toolCallId`, covering every pending call. */
  outputs: Map<string, { text: string; isError: boolean }>;
  tools?: ClientTool[];
}

export class Engine {
  constructor(private readonly store: Store) {}

  /** Starts a run; returns its id and the live events of its first segment. */
  async start(params: StartParams): Promise<{ run: RunRecord; events: Channel<StreamEvent> }> {
    const now = new Date().toISOString();
    const history: ModelMessage[] = [...params.session.transcript, { role: 'user', content: params.userText }];
    const run: RunRecord = {
      id: newId('exec'),
      sessionId: params.session.id,
      surfaceId: params.session.surfaceId,
      agentId: params.agent.id,
      status: 'running',
      iteration: 0,
      seq: 0,
      history,
      transcriptLength: params.session.transcript.length,
      pending: [],
      tools: params.tools,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.saveRun(run);
    const events = new Channel<StreamEvent>();
    const segment = new Segment(this.store, run, params.agent, events);
    void segment.run(async () => {
      await segment.emit({ type: 'execution_start', kind: 'agent', agentId: params.agent.id, startedAt: now });
    });
    return { run, events };
  }

  /** Continues a claimed run with tool results; returns the live events of the continuation. */
  resume(params: ResumeParams): Channel<StreamEvent> {
    const { run } = params;
    if (params.tools) run.tools = params.tools;
    const events = new Channel<StreamEvent>();
    const segment = new Segment(this.store, run, params.agent, events);
    const pending = run.pending;
    run.pending = [];
    void segment.run(async () => {
      for (const call of pending) {
        const output = params.outputs.get(call.toolCallId)!;
        run.history.push({ role: 'tool', toolCallId: call.toolCallId, name: call.providerName, content: output.text, isError: output.isError });
        await segment.emit({
          type: 'tool_complete',
          toolCallId: call.toolCallId,
          toolName: call.bareName,
          result: output.text,
          success: !output.isError,
          executionTime: run.pausedAt ? Date.now() - Date.parse(run.pausedAt) : 0,
          ...(output.isError ? { error: output.text } : {}),
        });
      }
      delete run.pausedAt;
    });
    return events;
  }
}

/** One stretch of a run between its start or a resume and its end or next pause. */
class Segment {
  constructor(
    private readonly store: Store,
    private readonly record: RunRecord,
    private readonly agent: AgentRuntime,
    private readonly events: Channel<StreamEvent>,
  ) {}

  async emit(input: EventInput): Promise<void> {
    await this.#write(input, ++this.record.seq);
  }

  /** Stores and streams one event at a `seq` already allocated in the record. */
  async #write(input: EventInput, seq: number): Promise<void> {
    const event = { ...input, executionId: this.record.id, seq } as StreamEvent;
    await this.store.appendEvents(this.record.id, [event]);
    this.events.push(event);
  }

  async run(prologue: () => Promise<void>): Promise<void> {
    try {
      await prologue();
      await this.#loop();
    } catch (error) {
      await this.#fail(error);
    } finally {
      this.events.close();
    }
  }

  async #loop(): Promise<void> {
    const run = this.record;
    const names = new ToolNameMap(run.tools.map((t) => canonicalName(t.name)));
    const tools: ModelTool[] = run.tools.map((t) => ({
      name: names.provider(canonicalName(t.name)),
      canonicalName: canonicalName(t.name),
      bareName: t.name,
      description: t.description,
      parameters: t.parametersSchema,
    }));
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
        run.history.push({ role: 'assistant', content: step.text });
        await this.emit({ type: 'turn_complete', id: turnId, iteration: run.iteration, stopReason: final ? 'max_steps' : step.stopReason });
        await this.#complete(final ? 'max_steps' : 'end_turn');
        return;
      }
      run.history.push({ role: 'assistant', content: step.text || null, toolCalls: step.toolCalls });
      const pending: PendingCall[] = [];
      for (const call of step.toolCalls) {
        const canonical = names.canonical(call.name);
        if (canonical) {
          pending.push({ toolCallId: call.id, canonicalName: canonical, bareName: bareNameOf(canonical), providerName: call.name, parameters: call.arguments });
          continue;
        }
        // The model named a tool it was not given: tell it so, as a tool result, and go on.
        const text = `Unknown tool "${call.name}". Available tools: ${tools.map((t) => t.name).join(', ') || 'none'}.`;
        run.history.push({ role: 'tool', toolCallId: call.id, name: call.name, content: text, isError: true });
        await this.emit({ type: 'tool_complete', toolCallId: call.id, toolName: call.name, result: text, success: false, executionTime: 0, error: text });
      }
      if (pending.length > 0) {
        await this.#pause(pending);
        return;
      }
      await this.emit({ type: 'turn_complete', id: turnId, iteration: run.iteration, stopReason: 'tool_calls' });
    }
    await this.#complete('max_steps');
  }

  async #step(tools: ModelTool[]): Promise<{ text: string; toolCalls: ModelToolCall[]; stopReason: string }> {
    const controller = new AbortController();
    let text = '';
    let textId: string | undefined;
    let reasoning = '';
    let reasoningId: string | undefined;
    const toolCalls: ModelToolCall[] = [];
    let stopReason = 'stop';
    const request = { messages: this.record.history, tools, signal: controller.signal, ...(this.agent.instructions ? { instructions: this.agent.instructions } : {}) };
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
    // The seqs of the frames below are allocated now, so the saved record knows them and a
    // continuation (which starts from the saved `seq`) never reuses one.
    const first = run.seq + 1;
    run.seq += pending.length * 2;
    // Persist before any `await` frame is written: a resume may arrive the moment the client sees one.
    await this.store.saveRun(run);
    for (const [i, call] of pending.entries()) {
      await this.#write({ type: 'tool_start', toolCallId: call.toolCallId, toolName: call.bareName, toolType: 'client', parameters: call.parameters }, first + i);
    }
    for (const [i, call] of pending.entries()) {
      await this.#write(
        { type: 'await', toolName: call.bareName, origin: 'webmcp', toolCallId: call.toolCallId, parameters: call.parameters, awaitedAt: now },
        first + pending.length + i,
      );
    }
  }

  async #complete(stopReason: string): Promise<void> {
    const run = this.record;
    run.status = 'completed';
    await this.#finish();
    await this.emit({
      type: 'execution_complete',
      kind: 'agent',
      success: true,
      stopReason,
      completedAt: new Date().toISOString(),
      model: { id: this.agent.model.info.id, offline: this.agent.model.info.offline },
    });
  }

  async #fail(error: unknown): Promise<void> {
    const run = this.record;
    run.status = 'failed';
    try {
      await this.#finish();
      await this.emit({ type: 'execution_error', kind: 'agent', error: { code: 'model_error', message: (error as Error)?.message || String(error) } });
    } catch (storeError) {
      // The store itself failed: the client still learns the run ended, from the live channel.
      this.events.push({
        type: 'execution_error', kind: 'agent', executionId: run.id, seq: ++run.seq,
        error: { code: 'store_error', message: (storeError as Error)?.message || String(storeError) },
      });
    }
  }

  /** Saves the run and appends its new messages to the session's authoritative transcript. */
  async #finish(): Promise<void> {
    const run = this.record;
    run.updatedAt = new Date().toISOString();
    run.version += 1;
    await this.store.saveRun(run);
    const session = await this.store.getSession(run.sessionId);
    if (session) {
      session.transcript.push(...run.history.slice(run.transcriptLength));
      await this.store.saveSession(session);
    }
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

/** Normalises a resume output (MCP, `{result}` or `{error}`) to text and an error flag. */
export function normaliseOutput(output: ToolOutput): { text: string; isError: boolean } {
  if ('content' in output) {
    return { text: output.content.map((c) => (typeof c.text === 'string' ? c.text : JSON.stringify(c))).join('\n'), isError: !!output.isError };
  }
  if ('error' in output) return { text: output.error, isError: true };
  return { text: typeof output.result === 'string' ? output.result : JSON.stringify(output.result ?? null), isError: false };
}
