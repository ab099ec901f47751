/** The run observer that feeds the run and tool metrics from the engine's hooks. */
import type { RunObserver } from '../engine/observer.js';
import { callOrigin, toolKind } from '../log/run-log.js';
import type { Metrics } from './registry.js';

/** Counts runs and tool calls and times model steps and tools. */
export function metricsObserver(metrics: Metrics): RunObserver {
  return {
    runStarted(run) {
      metrics.runsStarted.inc({ agent: run.agentId });
    },
    stepFinished({ ms }) {
      metrics.modelStepSeconds.observe(ms / 1000);
    },
    callsStarted(group) {
      if (group.calls.some((c) => callOrigin(c) !== 'server')) metrics.runsPaused.inc();
    },
    callsFinished(group) {
      let awaited = false;
      for (const call of group.calls) {
        const origin = callOrigin(call);
        if (origin !== 'server') awaited = true;
        metrics.toolCalls.inc({
          origin,
          kind: origin === 'sdk' ? 'sdk' : toolKind(call.canonicalName),
          outcome: call.isError ? 'error' : 'ok',
        });
        metrics.toolSeconds.observe({ origin }, call.durationMs / 1000);
      }
      if (awaited) metrics.runsResumed.inc();
    },
    runEnded({ outcome, stopReason, failure }) {
      metrics.runsEnded.inc({ outcome, reason: failure?.code ?? stopReason ?? 'unknown' });
    },
  };
}
