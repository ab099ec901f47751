/**
 * Runs one tool call in the page: re-checks the allowlist, validates the arguments, asks for
 * consent, then executes with a per-call `AbortSignal` and timeout. Every failure becomes an
 * `isError` result for the model; this function never throws and never hangs past its timeout.
 */
import type { McpToolResult } from '../protocol/index.js';
import type { PageTool, WebmcpBackend } from '../discovery/index.js';
import type { ToolPolicy } from '../policy/index.js';
import { compileValidator, formatIssues, type Validator } from '../validation/index.js';
import { describeError, errorResult, toResult } from './result.js';

export interface ToolCall {
  toolCallId: string;
  /** Bare tool name. */
  toolName: string;
  parameters: unknown;
}

export type ConsentDecision = 'allow' | 'deny';

export interface ExecuteOptions {
  backend: WebmcpBackend;
  /** The current page tools by bare name (re-read just before executing). */
  tools: ReadonlyMap<string, PageTool>;
  policy: ToolPolicy;
  pageOrigin: string;
  /** Aborts the call (stop button, page unload). */
  signal: AbortSignal;
  /** Milliseconds before the call is given up; default 30 000. */
  timeoutMs?: number;
  /** Asked before running a tool that needs consent; no function means "allow". */
  consent?: (call: ToolCall, tool: PageTool) => Promise<ConsentDecision>;
  /** Whether `tool` needs consent; default: tools marked `consequentialHint`. */
  needsConsent?: (tool: PageTool) => boolean;
  /** Asked after validation, before consent: `false` vetoes the call (the page's cancelable event). */
  beforeRun?: (call: ToolCall, tool: PageTool) => boolean;
  /** Told the moment the tool is handed to the page (after every check), e.g. to record it as running. */
  onRun?: (call: ToolCall) => void;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

const validators = new WeakMap<PageTool, Validator>();

function validatorFor(tool: PageTool): Validator {
  let v = validators.get(tool);
  if (!v) {
    v = compileValidator(tool.inputSchema);
    validators.set(tool, v);
  }
  return v;
}

export async function executeCall(call: ToolCall, options: ExecuteOptions): Promise<McpToolResult> {
  try {
    return await checkAndRun(call, options);
  } catch (error) {
    // Last line of the "never throws" promise: a throwing consent callback, a backend that throws
    // synchronously, or a value the validator cannot even serialize.
    return errorResult(`The tool ${call.toolName} could not run: ${describeError(error)}`);
  }
}

async function checkAndRun(call: ToolCall, options: ExecuteOptions): Promise<McpToolResult> {
  const { signal } = options;
  if (signal.aborted) return errorResult('The run was stopped before this tool ran.');
  const tool = options.tools.get(call.toolName);
  if (!tool) return errorResult(`The tool "${call.toolName}" is not available on this page.`);
  const decision = options.policy.check(options.pageOrigin, call.toolName);
  if (!decision.admitted)
    return errorResult(`The tool "${call.toolName}" is not allowed on this page (${decision.reason}).`);
  const issues = validatorFor(tool)(call.parameters);
  if (issues.length > 0) return errorResult(`Invalid arguments for ${call.toolName}: ${formatIssues(issues)}`);
  if (options.beforeRun && !options.beforeRun(call, tool))
    return errorResult(`The page declined to run ${call.toolName}.`);
  const needsConsent = options.needsConsent ?? ((t: PageTool) => !!t.annotations.consequentialHint);
  if (options.consent && needsConsent(tool)) {
    const answer = await untilAborted(options.consent(call, tool), signal);
    if (signal.aborted) return errorResult('The run was stopped before this tool ran.');
    if (answer !== 'allow') return errorResult(`The user declined to run ${call.toolName}.`);
  }
  options.onRun?.(call);
  return runWithTimeout(call, tool, options);
}

/** Settles with `undefined` as soon as `signal` aborts, so a consent prompt left open cannot hold a stopped run. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function runWithTimeout(call: ToolCall, tool: PageTool, options: ExecuteOptions): Promise<McpToolResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<McpToolResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new DOMException('timeout', 'TimeoutError'));
      const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
      resolve(errorResult(`The tool ${call.toolName} did not finish within ${limit} and was cancelled.`));
    }, timeoutMs);
  });
  const stopped = new Promise<McpToolResult>((resolve) => {
    controller.signal.addEventListener(
      'abort',
      () => {
        if (options.signal.aborted)
          resolve(errorResult(`The user stopped the run while ${call.toolName} was running.`));
      },
      { once: true },
    );
  });
  // `new Promise` turns a backend that throws synchronously into a rejection like any other failure.
  const run = new Promise<string | null>((resolve) =>
    resolve(options.backend.execute(tool, call.parameters as Record<string, unknown>, controller.signal)),
  ).then(toResult, (error: unknown) => errorResult(`The tool ${call.toolName} failed: ${describeError(error)}`));
  try {
    return await Promise.race([run, deadline, stopped]);
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
  }
}
