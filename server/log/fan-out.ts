/**
 * Several run observers (webhooks, the run log, metrics) behind the one the engine takes. Each
 * hook of each observer runs on its own: one that throws is logged and the others still run.
 */
import type { RunObserver } from '../engine/observer.js';
import type { Logger } from './logger.js';

type Hook = keyof RunObserver;
const HOOKS: readonly Hook[] = ['runStarted', 'stepFinished', 'runEnded', 'callsStarted', 'callsFinished'];

/** One observer that tells every one of `observers`; failures go to `log` (message masked). */
export function fanOut(observers: readonly RunObserver[], log: Logger, mask: (text: string) => string): RunObserver {
  const combined: Record<string, (value: unknown) => void> = {};
  for (const hook of HOOKS) {
    const listeners = observers.filter((o) => typeof o[hook] === 'function');
    if (listeners.length === 0) continue;
    combined[hook] = (value) => {
      for (const observer of listeners) {
        try {
          (observer[hook] as (value: unknown) => void).call(observer, value);
        } catch (error) {
          // A bystander's failure is logged; the run and the other observers go on.
          log.warn({ event: 'observer.failed', hook, error: mask(String(error)) }, 'a run observer failed');
        }
      }
    };
  }
  return combined as RunObserver;
}
