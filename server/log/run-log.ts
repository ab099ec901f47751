/**
 * The run's story in the log, told by the engine's observer hooks: `run.started`, `run.paused`
 * (page calls awaited), `run.resumed`, `tool.finished` (by origin: `page`, `server`, `sdk`),
 * `run.ended` with its counts, and at `debug` `model.step` plus the masked user text and results.
 */
import type { RunObserver } from '../engine/observer.js';
import type { PendingCall, RunRecord } from '../store/types.js';
import type { Logger } from './logger.js';

/** Where a tool ran: the page (`webmcp`), the caller's process (`sdk`), or the server. */
export type ToolOrigin = 'page' | 'sdk' | 'server' | 'unknown';

/** Longest text a `debug` line quotes. */
const DEBUG_TEXT_CHARS = 500;

/** The origin of a call from its canonical name's namespace (`webmcp:x` → `page`, `http:x` → `server`). */
export function toolOrigin(canonicalName: string): ToolOrigin {
  const colon = canonicalName.indexOf(':');
  const namespace = colon > 0 ? canonicalName.slice(0, colon) : '';
  if (namespace === 'webmcp') return 'page';
  if (namespace === 'sdk') return 'sdk';
  return namespace ? 'server' : 'unknown';
}

/**
 * Where a call ran: `sdk` when the call says so (a client tool of the API-key path, whose canonical
 * name is `webmcp:` like a page tool's), else from its canonical name.
 */
export function callOrigin(call: { canonicalName: string; origin?: string }): ToolOrigin {
  return call.origin === 'sdk' ? 'sdk' : toolOrigin(call.canonicalName);
}

/** The namespace of a canonical name (`http`, `webmcp`, …): the executor kind. */
export function toolKind(canonicalName: string): string {
  const colon = canonicalName.indexOf(':');
  return colon > 0 ? canonicalName.slice(0, colon) : 'unknown';
}

function runFields(run: Pick<RunRecord, 'id' | 'sessionId' | 'surfaceId'>) {
  return { executionId: run.id, sessionId: run.sessionId, surfaceId: run.surfaceId };
}

const awaited = (calls: readonly PendingCall[]) => calls.filter((c) => callOrigin(c) !== 'server');

/** A run observer that logs what happens to runs; text only at `debug`, through `mask`. */
export function runLog(log: Logger, mask: (text: string) => string): RunObserver {
  const debugText = (text: string) => mask(text).slice(0, DEBUG_TEXT_CHARS);
  return {
    runStarted(run) {
      log.info(
        {
          event: 'run.started',
          ...runFields(run),
          agentId: run.agentId,
          messages: run.history.length,
          pageTools: run.tools.length,
        },
        'run started',
      );
      const last = run.history.at(-1);
      if (log.isLevelEnabled('debug') && last?.role === 'user' && typeof last.content === 'string')
        log.debug({ event: 'run.input', executionId: run.id, text: debugText(last.content) }, 'run input');
    },
    stepFinished({ run, ms, toolCalls }) {
      log.debug({ event: 'model.step', executionId: run.id, iteration: run.iteration, ms: Math.round(ms), toolCalls });
    },
    callsStarted(group) {
      const calls = awaited(group.calls);
      if (calls.length === 0) return;
      log.info(
        {
          event: 'run.paused',
          executionId: group.executionId,
          sessionId: group.sessionId,
          surfaceId: group.surfaceId,
          groupId: group.groupId,
          calls: calls.length,
          tools: calls.map((c) => c.bareName),
        },
        'run paused for tool calls',
      );
    },
    callsFinished(group) {
      for (const call of group.calls) {
        const origin = callOrigin(call);
        log.info(
          {
            event: 'tool.finished',
            executionId: group.executionId,
            toolCallId: call.toolCallId,
            tool: call.bareName,
            origin,
            kind: origin === 'sdk' ? 'sdk' : toolKind(call.canonicalName),
            ok: !call.isError,
            ms: Math.round(call.durationMs),
          },
          'tool call finished',
        );
        if (log.isLevelEnabled('debug'))
          log.debug({ event: 'tool.result', toolCallId: call.toolCallId, text: debugText(call.text) }, 'tool result');
      }
      const page = awaited(group.calls);
      if (page.length > 0)
        log.info(
          {
            event: 'run.resumed',
            executionId: group.executionId,
            sessionId: group.sessionId,
            surfaceId: group.surfaceId,
            groupId: group.groupId,
            results: page.length,
            errors: group.calls.filter((c) => c.isError).length,
          },
          'run resumed',
        );
    },
    runEnded({ run, outcome, stopReason, failure }) {
      const fields = {
        event: 'run.ended',
        ...runFields(run),
        outcome,
        ...(stopReason ? { stopReason } : {}),
        // The detail is the provider's or store's message with every configured secret masked.
        ...(failure ? { code: failure.code, detail: failure.detail } : {}),
        steps: run.iteration,
        toolCalls: Object.keys(run.calls ?? {}).length,
        events: run.seq,
        ms: Math.max(0, Date.now() - Date.parse(run.createdAt)),
      };
      if (outcome === 'failed') log.warn(fields, 'run failed');
      else log.info(fields, 'run ended');
    },
  };
}
