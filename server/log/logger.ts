/**
 * The server's logger: pino, one JSON object per line. Lines name what happened in `event`
 * (`http.request`, `run.started`, `admin.edit`, …) with the facts as fields; they never carry a
 * secret, a token or a message's text — text appears only at `debug`, masked (see `run-log.ts`).
 */
import { pino, type DestinationStream, type Level, type Logger } from 'pino';

export type { Logger } from 'pino';

/** The levels `LOG_LEVEL` / `--log-level` accept; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = Level | 'silent';

/** The environment variable the level is read from. */
export const LOG_LEVEL_ENV = 'LOG_LEVEL';

/** Field names whose values become `[secret]` if one ever reaches a line (a second net behind the masker). */
const SECRET_FIELDS: ReadonlySet<string> = new Set(['authorization', 'token', 'adminKey', 'apiKey', 'secret']);
const CENSOR = '[secret]';

/**
 * `fields` with the value of every field named like a secret ({@link SECRET_FIELDS}), at the top or
 * one level down (`headers.authorization`), replaced by `[secret]`. Returns `fields` itself when
 * there is none, so the common line costs a look at its keys and no copy.
 */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  let out = fields;
  for (const key in fields) {
    const value = fields[key];
    let safe = value;
    if (SECRET_FIELDS.has(key)) safe = CENSOR;
    else if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Error))
      safe = redactOneLevel(value as Record<string, unknown>);
    if (safe === value) continue;
    if (out === fields) out = { ...fields };
    out[key] = safe;
  }
  return out;
}

function redactOneLevel(fields: Record<string, unknown>): Record<string, unknown> {
  let out = fields;
  for (const key in fields) {
    if (!SECRET_FIELDS.has(key)) continue;
    if (out === fields) out = { ...fields };
    out[key] = CENSOR;
  }
  return out;
}

let stampedAt = NaN;
let stamp = '';
/** pino's `time` field as an ISO string, formatted once per millisecond however many lines share it. */
function isoTime(): string {
  const now = Date.now();
  if (now !== stampedAt) {
    stampedAt = now;
    stamp = `,"time":"${new Date(now).toISOString()}"`;
  }
  return stamp;
}

export interface LoggerOptions {
  /** Default: `$LOG_LEVEL`, else `info`. */
  level?: string;
  /** Where lines go (default stdout); tests pass a stream and parse the lines. */
  destination?: DestinationStream;
  /** Read for `LOG_LEVEL` (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/** Checks a level name; throws an error that lists the accepted ones. */
export function parseLogLevel(value: string, where = LOG_LEVEL_ENV): LogLevel {
  const level = value.trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw new Error(`${where} must be one of ${LOG_LEVELS.join(', ')}; got "${value}"`);
}

/**
 * A logger writing JSON lines with `time` as an ISO string and `level` as its name.
 *
 * @example
 * const log = createLogger({ level: 'debug' });
 * log.info({ event: 'server.listening', port: 8787 }, 'listening');
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  const level = parseLogLevel(options.level ?? (env[LOG_LEVEL_ENV] || 'info'));
  return pino(
    {
      level,
      base: { service: 'webmcp-chat' },
      timestamp: isoTime,
      // Not pino's `redact` option: it copies every line's fields to check its paths; this looks
      // at the keys and copies only a line that has a secret-named field.
      formatters: { level: (label) => ({ level: label }), log: redactFields },
      // Serializers run on a child logger's bindings too, which the log formatter does not see.
      serializers: Object.fromEntries([...SECRET_FIELDS].map((name) => [name, () => CENSOR])),
    },
    // Default: stdout, written off the event loop. A line goes out at once unless a write is in
    // flight, and then with the lines that came meanwhile (one system call for many under load);
    // on exit what is left is written synchronously (pino's exit hook; the CLI flushes on SIGTERM).
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** A logger that writes nothing (for embedding apps and tests that do not read the log). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

const CLIENT_TOKEN = /\b(ct_(?:live|test)_)[A-Za-z0-9_.-]+/g;

/**
 * `text` with every client token shortened to its prefix and last four characters
 * (`ct_live_…f00d`): enough to tell tokens apart in a log, not enough to use one.
 */
export function shortenTokens(text: string): string {
  return text.replace(CLIENT_TOKEN, (token: string, prefix: string) => `${prefix}…${token.slice(-4)}`);
}
