/**
 * Tools that run in the caller's own process: described to the server as `clientTools` with
 * `origin: 'sdk'`, run when the run pauses on them — arguments checked against the tool's schema
 * first, each call under its own timeout and the caller's `AbortSignal` — and answered on resume.
 */
import type { ClientTool, StreamEventOf, ToolOutput } from '../bridge/protocol/index.js';
import { compileValidator, formatIssues, type Validator } from '../bridge/validation/index.js';

/** What a local tool gets besides its arguments. */
export interface LocalToolContext {
  /** Aborted at the tool's timeout or when the caller aborts the run. */
  signal: AbortSignal;
  toolCallId: string;
  executionId: string;
}

/** A tool run in this process. Throwing (or rejecting) gives the model an error result with the message. */
export interface LocalTool {
  description: string;
  /** JSON Schema of the arguments (an object schema); checked before `execute` runs. */
  parametersSchema?: Record<string, unknown>;
  /** Milliseconds one call may take (default: the run's `timeoutMs`, else 30 000). */
  timeoutMs?: number;
  execute(args: Record<string, unknown>, context: LocalToolContext): unknown;
}

/** One finished local call, as `runWithLocalTools` reports it. */
export interface LocalCall {
  toolCallId: string;
  name: string;
  arguments: Record<string, unknown>;
  /** What `execute` returned (absent when it failed). */
  result?: unknown;
  /** Why the call failed: invalid arguments, a throw, a timeout, an unknown tool. */
  error?: string;
  durationMs: number;
}

export const DEFAULT_LOCAL_TIMEOUT_MS = 30_000;

/** The tools as the server sees them, and their validators, compiled once per run. */
export function snapshotTools(tools: Readonly<Record<string, LocalTool>>): {
  clientTools: ClientTool[];
  validators: Map<string, Validator>;
} {
  const clientTools: ClientTool[] = [];
  const validators = new Map<string, Validator>();
  for (const [name, tool] of Object.entries(tools)) {
    const schema = tool.parametersSchema ?? { type: 'object', properties: {} };
    clientTools.push({ name, description: tool.description, parametersSchema: schema, origin: 'sdk' });
    validators.set(name, compileValidator(schema));
  }
  return { clientTools, validators };
}

/** Runs one awaited call locally; never throws for a tool failure (that is the model's data). */
export async function runLocalCall(
  call: StreamEventOf<'await'>,
  tools: Readonly<Record<string, LocalTool>>,
  validators: ReadonlyMap<string, Validator>,
  options: { timeoutMs?: number | undefined; signal?: AbortSignal | undefined },
): Promise<{ call: LocalCall; output: ToolOutput }> {
  const started = performance.now();
  const args = (call.parameters && typeof call.parameters === 'object' ? call.parameters : {}) as Record<
    string,
    unknown
  >;
  const finish = (outcome: { result: unknown } | { error: string }) => {
    const done: LocalCall = {
      toolCallId: call.toolCallId,
      name: call.toolName,
      arguments: args,
      ...outcome,
      durationMs: Math.round(performance.now() - started),
    };
    return { call: done, output: outcome as ToolOutput };
  };
  const tool = Object.hasOwn(tools, call.toolName) ? tools[call.toolName] : undefined;
  if (!tool) return finish({ error: `No local tool named "${call.toolName}" is registered in this process.` });
  const issues = validators.get(call.toolName)?.(args) ?? [];
  if (issues.length > 0) return finish({ error: `Invalid arguments for ${call.toolName}: ${formatIssues(issues)}` });
  const timeoutMs = tool.timeoutMs ?? options.timeoutMs ?? DEFAULT_LOCAL_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let stop: (() => void) | undefined;
  // A tool that ignores its signal still cannot hold the run past its timeout.
  const stopped = new Promise<never>((_, reject) => {
    stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
  });
  try {
    const result = await Promise.race([
      Promise.resolve().then(() =>
        tool.execute(args, { signal, toolCallId: call.toolCallId, executionId: call.executionId }),
      ),
      stopped,
    ]);
    return finish({ result: result === undefined ? null : result });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) return finish({ error: `${call.toolName} did not answer within ${timeoutMs} ms.` });
    return finish({ error: `${call.toolName} failed: ${(error as Error)?.message || String(error)}` });
  } finally {
    signal.removeEventListener('abort', stop!);
  }
}
