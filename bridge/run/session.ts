/**
 * The turn loop: `init → chat → (await → execute → resume)* → done`, each run's stream followed by
 * `drive`. One `ChatSession` per widget; it owns the session id, the policy learnt from `init`, the
 * WebMCP backend, the send-once tool protocol and the pause journal that lets a run survive a reload.
 */
import { ConsentMemory } from '../consent/index.js';
import { detectBackend, type WebmcpBackend } from '../discovery/index.js';
import { NAVIGATED_TEXT, errorResult, type ToolCall } from '../execution/index.js';
import type { InitResponse, McpToolResult, StreamEvent, StreamEventOf } from '../protocol/index.js';
import { compileRules, intersectPolicies, needsGlobCompiler, type ToolPolicy } from '../policy/rules.js';
import { PauseJournal, type PausedRun } from '../recovery/index.js';
import { buildSnapshot, droppedByPolicy, droppedToolsReport, type Snapshot } from '../snapshot/index.js';
import { ChatClient, HttpError, isAbortError } from '../transport/index.js';
import { browserStorage } from '../storage/index.js';
import { ToolRunner } from './tool-runner.js';
import { ToolSender } from './tool-sender.js';
import { whenToolsSettle } from './settle.js';
import { drive, type RunHooks } from './drive.js';
import type { RunOutcome, RunUpdate, SendOptions, SessionOptions } from './types.js';
import { ERROR_CODES } from '../protocol/index.js';

/** A journal older than this is not resumed (the server expires paused runs too). */
const RECOVERY_MAX_AGE_MS = 30 * 60_000;

export class ChatSession {
  readonly pageOrigin: string;
  readonly #client: ChatClient;
  readonly #journal: PauseJournal;
  readonly #consentMemory: ConsentMemory;
  #init: InitResponse | undefined;
  #policy: ToolPolicy = compileRules({ enabled: false });
  readonly #sender = new ToolSender();
  readonly #options: SessionOptions;
  #report: (update: RunUpdate) => void = () => undefined;
  readonly #runner: ToolRunner;
  readonly #hooks: RunHooks;
  readonly #watchers = new Set<() => void>();
  /** How long each page call took here, by `toolCallId`, until its output is sent. */
  readonly #durations = new Map<string, number>();

  constructor(options: SessionOptions) {
    this.#options = options;
    this.#client = new ChatClient(
      options.fetch ? { apiUrl: options.apiUrl, clientToken: options.clientToken, fetch: options.fetch } : options,
    );
    if (!options.backend) detectBackend(); // early, so native tools registered from now on keep their error messages
    this.pageOrigin = options.pageOrigin ?? location.origin;
    const scope = options.clientToken;
    this.#journal = new PauseJournal(
      options.sessionStorage === undefined ? browserStorage('sessionStorage') : (options.sessionStorage ?? undefined),
      scope,
    );
    this.#consentMemory = new ConsentMemory(
      options.localStorage === undefined ? browserStorage('localStorage') : (options.localStorage ?? undefined),
      scope,
    );
    const { timeoutMs, consentPolicy, consent, beforeToolCall } = options;
    this.#runner = new ToolRunner({
      backend: () => this.backend,
      pageOrigin: this.pageOrigin,
      policy: () => this.#policy,
      journal: this.#journal,
      consentMemory: this.#consentMemory,
      settings: { timeoutMs, consentPolicy, consent, beforeToolCall },
      onStart: (call, tool) => this.#report({ type: 'tool-started', call, tool }),
      onFinish: (call, result, durationMs) => {
        this.#durations.set(call.toolCallId, durationMs);
        this.#report({ type: 'tool-finished', call, result, durationMs });
      },
    });
    this.#hooks = {
      report: (update) => this.#report(update),
      clientEvent: (event) => this.#clientEvent(event),
      reconnect: (executionId, after, signal) =>
        this.#client.reconnect({ sessionId: this.#init!.sessionId, executionId, after }, signal),
      begin: (executionId, calls, seq) => this.#journal.begin(this.#init!.sessionId, executionId, calls, seq),
      snapshot: () => this.snapshot(),
      runner: this.#runner,
      resume: (executionId, outputs, snapshot, signal) => this.#openResume(executionId, outputs, snapshot, signal),
    };
  }

  /** The page's WebMCP backend, re-detected on each use unless one was given (detection is cached). */
  get backend(): WebmcpBackend {
    return this.#options.backend ?? detectBackend();
  }

  /** The init response (welcome message, surface rules), once `init()` has run. */
  get config(): InitResponse['config'] | undefined {
    return this.#init?.config;
  }

  get sessionId(): string | undefined {
    return this.#init?.sessionId;
  }

  /** Opens the session (reusing `sessionId` when still valid); the surface's rules become the policy. */
  async init(signal?: AbortSignal, sessionId = this.#init?.sessionId): Promise<InitResponse> {
    const response = await this.#client.init(sessionId, signal);
    if (response.sessionId !== this.#init?.sessionId) this.#sender.reset();
    this.#init = response;
    const settings = response.config.webmcp ?? { enabled: false };
    const page = this.#options.pagePolicy;
    // The server sends its rules compiled; only rules without a pattern (an older server, the
    // page's own rules) need the glob compiler, which is then loaded on demand.
    const compileGlob =
      needsGlobCompiler(settings) || needsGlobCompiler(page)
        ? (await import('../policy/glob.js')).compileGlob
        : undefined;
    this.#policy = intersectPolicies(
      compileRules(settings, compileGlob),
      page ? compileRules(page, compileGlob) : undefined,
    );
    for (const refresh of this.#watchers) refresh(); // the policy is known (or changed): report against it
    return response;
  }

  /** Reads the page's tools now and applies policy and limits. */
  async snapshot(): Promise<Snapshot> {
    const tools = await this.backend.getTools();
    return buildSnapshot(tools, { pageOrigin: this.pageOrigin, policy: this.#policy });
  }

  /**
   * Calls `onChange` with a fresh snapshot whenever the page's tools change (bursts of
   * `toolchange` coalesced; an answer overtaken by a newer read is dropped), from the moment the
   * session knows the surface's rules. Returns a stop function.
   */
  watchTools(onChange: (snapshot: Snapshot) => void): () => void {
    let generation = 0;
    let scheduled = false;
    const refresh = () => {
      scheduled = false;
      if (!this.#init) return; // before init the policy is unknown: every tool would look refused
      const mine = ++generation;
      this.snapshot().then(
        (snapshot) => {
          if (mine === generation) onChange(snapshot);
        },
        () => undefined, // a backend that fails to list tools: the next turn reads them again anyway
      );
    };
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      setTimeout(refresh, 0);
    };
    const unsubscribe = this.backend.subscribe(schedule);
    this.#watchers.add(schedule);
    if (this.#init) schedule();
    return () => {
      generation++;
      this.#watchers.delete(schedule);
      unsubscribe();
    };
  }

  /** Sends one user message and drives the run to its end, running page tools as the model asks. */
  async send(text: string, options: SendOptions = {}): Promise<RunOutcome> {
    const signal = options.signal ?? new AbortController().signal;
    this.#report = options.onUpdate ?? (() => undefined);
    try {
      let rulesFresh = !this.#init;
      if (!this.#init) await this.init(signal);
      const open = async () => {
        let snapshot = await this.snapshot();
        // A rule left a tool out: re-read the surface's rules (same session), an operator may have allowed it since.
        if (!rulesFresh && droppedByPolicy(snapshot)) {
          rulesFresh = true;
          await this.init(signal);
          snapshot = await this.snapshot();
        }
        this.#report({ type: 'snapshot', snapshot });
        const droppedTools = droppedToolsReport(snapshot);
        return this.#sender.open(snapshot, (tools) =>
          this.#client.chat(
            {
              sessionId: this.#init!.sessionId,
              messages: [{ role: 'user', content: text }],
              ...tools,
              ...(droppedTools ? { droppedTools } : {}),
            },
            signal,
          ),
        );
      };
      let stream: AsyncGenerator<StreamEvent>;
      try {
        stream = await open();
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 401 && error.code !== ERROR_CODES.invalidClientToken))
          throw error;
        // The session expired: open a new one and send the same message once more.
        await this.init(signal, undefined);
        stream = await open();
      }
      return await drive(stream, signal, this.#hooks);
    } catch (error) {
      if (isAbortError(error)) return { executionId: undefined, status: 'stopped' };
      throw error;
    }
  }

  /** Forgets the pause a reload interrupted, so it is never resumed (a cleared conversation). */
  clearRecovery(): void {
    this.#journal.clear();
  }

  /** The pause a reload interrupted, if one is recorded and young enough to resume. */
  pendingRecovery(): PausedRun | undefined {
    const paused = this.#journal.read();
    if (paused && Date.now() - paused.savedAt > RECOVERY_MAX_AGE_MS) {
      this.#journal.clear();
      return undefined;
    }
    return paused;
  }

  /**
   * Finishes a run a reload interrupted: calls that never started run now, the call that was
   * running reports that it navigated the page, finished calls send their recorded output.
   * Resolves `undefined` when there was nothing to recover.
   */
  async recover(options: SendOptions = {}): Promise<RunOutcome | undefined> {
    const paused = this.pendingRecovery();
    if (!paused) return undefined;
    const signal = options.signal ?? new AbortController().signal;
    this.#report = options.onUpdate ?? (() => undefined);
    try {
      await this.init(signal, paused.sessionId);
      if (this.#init!.sessionId !== paused.sessionId) {
        this.#journal.clear();
        return {
          executionId: paused.executionId,
          status: 'failed',
          error: {
            code: ERROR_CODES.sessionExpired,
            message: 'The interrupted run belonged to a session that has expired.',
          },
        };
      }
      await whenToolsSettle(this.backend);
      const snapshot = await this.snapshot();
      const outputs: Record<string, McpToolResult> = {};
      const toRun: ToolCall[] = [];
      for (const call of paused.calls) {
        if (call.state === 'done' && call.output) outputs[call.toolCallId] = call.output;
        else if (call.state === 'running')
          outputs[call.toolCallId] = { content: [{ type: 'text', text: NAVIGATED_TEXT }] };
        else if (!snapshot.byName.has(call.toolName))
          outputs[call.toolCallId] = errorResult(`The tool "${call.toolName}" is no longer available on this page.`);
        else toRun.push({ toolCallId: call.toolCallId, toolName: call.toolName, parameters: call.parameters });
      }
      for (const call of paused.calls) {
        if (outputs[call.toolCallId]) this.#journal.markDone(call.toolCallId, outputs[call.toolCallId]!);
      }
      if (toRun.length > 0) this.#report({ type: 'tools-waiting', calls: toRun });
      Object.assign(outputs, await this.#runner.run(toRun, snapshot, signal));
      let stream: AsyncGenerator<StreamEvent>;
      try {
        stream = await this.#openResume(paused.executionId, outputs, snapshot, signal);
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 409 && error.code === 'execution_not_awaiting'))
          throw error;
        // The last page went away after these outputs reached the server but before its answer
        // arrived (a tool that navigates): the run went on without it. Follow it from the pause.
        this.#journal.clear(paused.executionId);
        stream = this.#client.reconnect(
          { sessionId: paused.sessionId, executionId: paused.executionId, after: paused.seq ?? 0 },
          signal,
        );
      }
      return await drive(stream, signal, this.#hooks);
    } catch (error) {
      if (error instanceof HttpError && (error.status === 404 || error.status === 409 || error.status === 410)) {
        // The server no longer waits for this pause (answered, expired or unknown): nothing to finish.
        this.#journal.clear(paused.executionId);
        return {
          executionId: paused.executionId,
          status: 'failed',
          error: { code: error.code, message: error.hint ?? error.code },
        };
      }
      if (isAbortError(error)) return { executionId: paused.executionId, status: 'stopped' };
      throw error;
    }
  }

  #clientEvent({ name, arguments: args }: StreamEventOf<'client_event'>): void {
    // Only a plain object reaches the page, whatever a proxy in between did to the frame.
    if (typeof name === 'string' && args && typeof args === 'object' && !Array.isArray(args))
      this.#options.onClientEvent?.({ name, arguments: args });
  }

  async #openResume(
    executionId: string,
    outputs: Record<string, McpToolResult>,
    snapshot: Snapshot,
    signal: AbortSignal | undefined,
  ) {
    const toolDurations: Record<string, number> = {};
    for (const id of Object.keys(outputs)) {
      const ms = this.#durations.get(id);
      if (ms !== undefined) toolDurations[id] = ms;
      this.#durations.delete(id);
    }
    const timed = Object.keys(toolDurations).length > 0 ? { toolDurations } : {};
    const stream = await this.#sender.open(snapshot, (tools) =>
      this.#client.resume(
        {
          sessionId: this.#init!.sessionId,
          executionId,
          toolOutputs: outputs,
          streamResponse: true,
          ...timed,
          ...tools,
        },
        signal,
      ),
    );
    // The server has the outputs: the pause is over, whatever happens to this page now.
    this.#journal.clear(executionId);
    return stream;
  }
}
