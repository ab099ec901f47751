/**
 * What every server-tool executor implements. The run loop calls {@link runServerCall}, never an
 * executor directly, so it never branches on which kind ran: validation, the time limit, errors
 * and secret redaction are handled here once.
 */
import type { ToolOutcome } from '../../bridge/protocol/index.js';
import { compileValidator, formatIssues, type Validator } from '../../bridge/validation/index.js';
import type { ServerToolKind } from './names.js';
import { redact, type Secret } from './secret.js';

/** One call of a server tool, as the model made it. */
export interface ServerToolCall {
  toolCallId: string;
  /** The bare tool name. */
  name: string;
  arguments: Record<string, unknown>;
}

/** Where a call runs: its run, and its place among the server calls of the same model step. */
export interface ToolContext {
  runId: string;
  sessionId: string;
  surfaceId: string;
  /** The step's server calls form one group (`grp_…`); index from 0. */
  group: { id: string; index: number; length: number };
  /** Aborted at the tool's timeout or when the server stops the run. */
  signal: AbortSignal;
  /** Streams a `client_event` frame on the run's stream (present inside a chat run). */
  sendClientEvent?: (event: { toolCallId: string; name: string; arguments: Record<string, unknown> }) => Promise<void>;
}

/** Runs calls of one kind of server tool. Throwing is fine: the caller turns it into an error result. */
export interface ToolExecutor {
  execute(call: ServerToolCall, ctx: ToolContext): Promise<ToolOutcome>;
}

/** A server tool of an agent, ready to run. */
export interface ServerTool {
  kind: ServerToolKind;
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  timeoutMs: number;
  executor: ToolExecutor;
  /** Values to scrub from every result and error text (the secrets this tool can see). */
  secrets: readonly Secret[];
}

/** A finished server call: its outcome and its own duration. */
export interface ServerCallResult extends ToolOutcome {
  durationMs: number;
}

const validators = new WeakMap<ServerTool, Validator>();

/**
 * Validates the arguments, runs the call within the tool's time limit and returns its outcome:
 * a failure of any kind (bad arguments, timeout, a throw) is an error result, never a throw.
 */
export async function runServerCall(
  tool: ServerTool,
  call: ServerToolCall,
  ctx: Omit<ToolContext, 'signal'> & { signal?: AbortSignal },
): Promise<ServerCallResult> {
  const started = performance.now();
  const done = (outcome: ToolOutcome): ServerCallResult => ({
    text: redact(outcome.text, tool.secrets),
    isError: outcome.isError,
    durationMs: Math.round(performance.now() - started),
  });
  let validate = validators.get(tool);
  if (!validate) validators.set(tool, (validate = compileValidator(tool.parameters)));
  const issues = validate(call.arguments);
  if (issues.length > 0)
    return done({ text: `Invalid arguments for ${tool.name}: ${formatIssues(issues)}`, isError: true });
  const timeout = AbortSignal.timeout(tool.timeoutMs);
  const signal = ctx.signal ? AbortSignal.any([timeout, ctx.signal]) : timeout;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<ToolOutcome>((resolve) => {
    // A second line of defense: an executor that ignores its signal still cannot hold the run.
    timer = setTimeout(() => resolve(timeoutOutcome(tool)), tool.timeoutMs + 50);
  });
  try {
    const outcome = await Promise.race([tool.executor.execute(call, { ...ctx, signal }), timedOut]);
    return done(outcome);
  } catch (error) {
    if (timeout.aborted) return done(timeoutOutcome(tool));
    return done({ text: `${tool.name} failed: ${(error as Error)?.message || String(error)}`, isError: true });
  } finally {
    clearTimeout(timer);
  }
}

function timeoutOutcome(tool: ServerTool): ToolOutcome {
  return { text: `${tool.name} did not answer within ${tool.timeoutMs / 1000} s (its timeoutSeconds).`, isError: true };
}
