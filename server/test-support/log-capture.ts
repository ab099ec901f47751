/**
 * A logger whose JSON lines are kept in memory, parsed, for tests that check what the server logs.
 * Not a test file.
 */
import { createLogger, type Logger } from '../log/index.js';

export interface CapturedLog {
  logger: Logger;
  /** Every line so far, parsed. */
  lines(): Array<Record<string, unknown>>;
  /** The lines whose `event` is `event`. */
  events(event: string): Array<Record<string, unknown>>;
  /** Every line as written (for "never contains" checks). */
  text(): string;
}

/** A logger at `level` (default `debug`) writing to memory. */
export function captureLog(level = 'debug'): CapturedLog {
  const raw: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void raw.push(line) } });
  const lines = () =>
    raw
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    logger,
    lines,
    events: (event) => lines().filter((l) => l.event === event),
    text: () => raw.join(''),
  };
}
