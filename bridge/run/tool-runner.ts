/**
 * Runs the calls of one pause, concurrently, through every check of `executeCall`, while keeping
 * the pause journal current: each call is marked running just before the page gets it, and done
 * with its output, so a reload at any moment can be recovered without running anything twice.
 */
import type { PageTool } from '../discovery/index.js';
import { type ConsentMemory, needsConsent, type ConsentAnswer, type ConsentPolicy } from '../consent/index.js';
import { executeCall, type ToolCall } from '../execution/index.js';
import type { McpToolResult } from '../protocol/index.js';
import type { ToolPolicy } from '../policy/index.js';
import type { PauseJournal } from '../recovery/index.js';
import type { Snapshot } from '../snapshot/index.js';
import type { WebmcpBackend } from '../discovery/index.js';

export interface ToolRunnerOptions {
  backend: () => WebmcpBackend;
  pageOrigin: string;
  policy: () => ToolPolicy;
  journal: PauseJournal;
  consentMemory: ConsentMemory;
  consentPolicy: () => ConsentPolicy;
  /** Per-call timeout in ms for a tool name; `undefined` means the default (30 s). */
  timeoutFor: (toolName: string) => number | undefined;
  /** Shows the consent prompt; no function means consent is never asked (and never given). */
  ask?: (call: ToolCall, tool: PageTool) => Promise<ConsentAnswer>;
  /** The page's veto: `false` declines the call. */
  beforeRun?: (call: ToolCall, tool: PageTool) => boolean;
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
    const timeoutMs = o.timeoutFor(call.toolName);
    const result = await executeCall(call, {
      backend: o.backend(),
      tools: snapshot.byName,
      policy: o.policy(),
      pageOrigin: o.pageOrigin,
      signal,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      needsConsent: (t) => needsConsent(t, o.consentPolicy()) && !o.consentMemory.has(t.name),
      consent: async (c, t) => {
        if (!o.ask) return 'deny';
        const answer = await o.ask(c, t);
        if (answer === 'allow-site') o.consentMemory.remember(t.name);
        return answer === 'deny' ? 'deny' : 'allow';
      },
      ...(o.beforeRun ? { beforeRun: o.beforeRun } : {}),
      onRun: (c) => o.journal.markRunning(c.toolCallId),
    });
    o.journal.markDone(call.toolCallId, result);
    o.onFinish?.(call, result, Math.round(performance.now() - started));
    return result;
  }
}
