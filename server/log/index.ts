export { LOG_LEVELS, LOG_LEVEL_ENV, createLogger, parseLogLevel, shortenTokens, silentLogger } from './logger.js';
export type { LogLevel, Logger, LoggerOptions } from './logger.js';
export { logOf, requestLog } from './request-log.js';
export { callOrigin, runLog, toolKind, toolOrigin } from './run-log.js';
export type { ToolOrigin } from './run-log.js';
export { fanOut } from './fan-out.js';
