/**
 * Runs the calls of one pause, concurrently, through every check of `executeCall`, while keeping
 * the pause journal current: each call is marked running just before the page gets it, and done
 * with its output, so a reload at any moment can be recovered without running anything twice.
 */
import type { ConsentMemory } from '../consent/index.js';
import type { PageTool, WebmcpBackend } from '../discovery/index.js';
import { executeCall, type ToolCall, type ToolRunSettings } from '../execution/index.js';
import type { McpToolResult } from '../protocol/index.js';
import type { ToolPolicy } from '../policy/index.js';
import type { PauseJournal } from '../recovery/index.js';
import type { Snapshot } from '../snapshot/index.js';

export interface ToolRunnerOptions {
  backend: () => WebmcpBackend;
  pageOrigin: string;
  policy: () => ToolPolicy;
  journal: PauseJournal;
  consentMemory: ConsentMemory;
  /** Timeouts, consent and the page's veto, handed to every `executeCall` as they are. */
  settings: ToolRunSettings;
  onStart?: (call: ToolCall, tool: PageTool | undefined) => void;
  onFinish?: (call: ToolCall, result: McpToolResult, durationMs: number) => void;
}

export class ToolRunner {
  constructor(private readonly options: ToolRunnerOptions) {}

  /** Runs `calls` (those of one pause) and returns their outputs by `toolCallId`. */
  async run(
    calls: readonly ToolCall[],
    snapshot: Snapshot,
    signal: AbortSignal,
  ): Promise<Record<string, McpToolResult>> {
    const entries = await Promise.all(
      calls.map(async (call) => [call.toolCallId, await this.#one(call, snapshot, signal)] as const),
    );
    return Object.fromEntries(entries);
  }

  async #one(call: ToolCall, snapshot: Snapshot, signal: AbortSignal): Promise<McpToolResult> {
    const o = this.options;
    const tool = snapshot.byName.get(call.toolName);
    o.onStart?.(call, tool);
    const started = performance.now();
    const result = await executeCall(call, {
      ...o.settings,
      backend: o.backend(),
      tools: snapshot.byName,
      policy: o.policy(),
      pageOrigin: o.pageOrigin,
      signal,
      consentMemory: o.consentMemory,
      onRun: (c) => o.journal.markRunning(c.toolCallId),
    });
    o.journal.markDone(call.toolCallId, result);
    o.onFinish?.(call, result, Math.round(performance.now() - started));
    return result;
  }
}
