/**
 * How the engine's background work (heartbeats, sweeps) reports a failure it survives: a `warn`
 * line of the app's JSON log, or, for an engine used without one, a line on stderr.
 */
import type { Logger } from '../log/logger.js';

/** Reports `event` with its fields; `message` is the human summary. */
export type Warn = (event: string, fields: Record<string, unknown>, message: string) => void;

/** A {@link Warn} writing to `log`, or to `console.warn` without one; error texts go through `mask`. */
export function warnTo(log: Logger | undefined, mask: (text: string) => string = (t) => t): Warn {
  return (event, fields, message) => {
    const masked = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [
        k,
        v instanceof Error ? mask(v.message) : k === 'error' ? mask(String(v)) : v,
      ]),
    );
    if (log) log.warn({ event, ...masked }, message);
    else console.warn(`[webmcp-chat] ${message}`, masked);
  };
}
