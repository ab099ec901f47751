/**
 * The pause journal: what a paused run is waiting for, written to `sessionStorage` before any page
 * tool runs, so a reload or an in-site navigation during a tool call strands nothing. After the
 * reload the bridge finishes the calls that had not started, reports the one that was running as
 * "navigated the page" (never runs it twice: a navigating tool would loop) and resumes the run.
 */
import type { McpToolResult } from '../protocol/index.js';
import { StorageSlot } from '../storage/index.js';

export type JournalCallState = 'waiting' | 'running' | 'done';

export interface JournalCall {
  toolCallId: string;
  toolName: string;
  parameters: unknown;
  state: JournalCallState;
  output?: McpToolResult;
}

export interface PausedRun {
  sessionId: string;
  executionId: string;
  calls: JournalCall[];
  /** `Date.now()` when the pause was recorded. */
  savedAt: number;
  /**
   * The `seq` of the pause's last event. When the page went away after the outputs reached the
   * server but before its answer did, the run went on without this page: the next page follows it
   * from here instead of sending the outputs again.
   */
  seq?: number;
}

/** The storage key of a client token's pause journal (the launcher reads it to know a pause is waiting). */
export const journalKey = (scope: string): string => `webmcp-chat:pause:${scope}`;

function asPausedRun(value: unknown): PausedRun | undefined {
  const run = value as PausedRun | null;
  return typeof run?.executionId === 'string' && typeof run.sessionId === 'string' && Array.isArray(run.calls)
    ? run
    : undefined;
}

export class PauseJournal {
  readonly #slot: StorageSlot<PausedRun>;

  constructor(storage: Storage | undefined, scope: string) {
    this.#slot = new StorageSlot(() => storage, journalKey(scope), asPausedRun);
  }

  /** Records a new pause with every call waiting. */
  begin(
    sessionId: string,
    executionId: string,
    calls: ReadonlyArray<Pick<JournalCall, 'toolCallId' | 'toolName' | 'parameters'>>,
    seq?: number,
  ): void {
    this.#write({
      ...(seq !== undefined ? { seq } : {}),
      sessionId,
      executionId,
      calls: calls.map((c) => ({
        toolCallId: c.toolCallId,
        toolName: c.toolName,
        parameters: c.parameters,
        state: 'waiting',
      })),
      savedAt: Date.now(),
    });
  }

  /** Written synchronously just before the page runs the tool: if the page unloads now, we know. */
  markRunning(toolCallId: string): void {
    this.#update(toolCallId, (call) => ({ ...call, state: 'running' }));
  }

  markDone(toolCallId: string, output: McpToolResult): void {
    this.#update(toolCallId, (call) => ({ ...call, state: 'done', output }));
  }

  read(): PausedRun | undefined {
    return this.#slot.read(); // unreadable journal: nothing to recover
  }

  /** Forgets the pause (only when it is still `executionId`'s, when given). */
  clear(executionId?: string): void {
    if (executionId !== undefined && this.read()?.executionId !== executionId) return;
    this.#slot.clear();
  }

  #update(toolCallId: string, change: (call: JournalCall) => JournalCall): void {
    const run = this.read();
    if (!run) return;
    this.#write({ ...run, calls: run.calls.map((c) => (c.toolCallId === toolCallId ? change(c) : c)) });
  }

  #write(run: PausedRun): void {
    this.#slot.write(run); // storage full or blocked: the run still completes, it just cannot survive a reload
  }
}
