/**
 * Runs one tool call in the page: re-checks the allowlist, validates the arguments, asks for
 * consent, then executes with a per-call `AbortSignal` and timeout. Every failure becomes an
 * `isError` result for the model; this function never throws and never hangs past its timeout.
 */
import type { McpToolResult, ToolOutcome } from '../protocol/index.js';
import { needsConsent, type ConsentAnswer, type ConsentMemory, type ConsentPolicy } from '../consent/index.js';
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

/**
 * How page tools run: set once on `ChatSession` and passed unchanged through `ToolRunner` to
 * `executeCall`.
 */
export interface ToolRunSettings {
  /** Per-call timeout in ms (default 30 s), or per tool name (`undefined`: the default). */
  timeoutMs?: number | ((toolName: string) => number | undefined) | undefined;
  /** When to ask the user before a tool runs; default `ask-consequential`. */
  consentPolicy?: ConsentPolicy | (() => ConsentPolicy) | undefined;
  /** Shows a consent prompt and resolves with the user's answer; without it consent is never given. */
  consent?: ((call: ToolCall, tool: PageTool) => Promise<ConsentAnswer>) | undefined;
  /** The page's veto before each call (a cancelable event in the widget): `false` declines it. */
  beforeToolCall?: ((call: ToolCall, tool: PageTool) => boolean) | undefined;
}

export interface ExecuteOptions extends ToolRunSettings {
  backend: WebmcpBackend;
  /** The current page tools by bare name (re-read just before executing). */
  tools: ReadonlyMap<string, PageTool>;
  policy: ToolPolicy;
  pageOrigin: string;
  /** Aborts the call (stop button, page unload). */
  signal: AbortSignal;
  /** Tools the user allowed for this site: not asked again; an `allow-site` answer is remembered here. */
  consentMemory?: ConsentMemory;
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
  if (options.beforeToolCall && !options.beforeToolCall(call, tool))
    return errorResult(`The page declined to run ${call.toolName}.`);
  const { consentPolicy, consentMemory } = options;
  const policy = typeof consentPolicy === 'function' ? consentPolicy() : consentPolicy;
  if (needsConsent(tool, policy) && !consentMemory?.has(tool.name)) {
    const answer = options.consent ? await untilAborted(options.consent(call, tool), signal) : 'deny';
    if (signal.aborted) return errorResult('The run was stopped before this tool ran.');
    if (answer === 'allow-site') consentMemory?.remember(tool.name);
    if (answer !== 'allow-once' && answer !== 'allow-site')
      return errorResult(`The user declined to run ${call.toolName}.`);
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
  const timeoutMs =
    (typeof options.timeoutMs === 'function' ? options.timeoutMs(call.toolName) : options.timeoutMs) ??
    DEFAULT_TIMEOUT_MS;
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
  const run = new Promise<ToolOutcome | null>((resolve) =>
    resolve(options.backend.execute(tool, call.parameters as Record<string, unknown>, controller.signal)),
  ).then(
    (outcome) => toResult(outcome, call.toolName),
    (error: unknown) => errorResult(`The tool ${call.toolName} failed: ${describeError(error)}`),
  );
  try {
    return await Promise.race([run, deadline, stopped]);
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
  }
}
