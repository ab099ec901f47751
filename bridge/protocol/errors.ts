/**
 * Every error code that crosses the wire, as one typed list: the server's `{error}` bodies, the
 * `execution_error` codes of a stream, and the codes the bridge and the widget report themselves
 * (in `BridgeError`s and `webmcp-chat-error` events). Throw and match sites use these constants,
 * never string literals, so a renamed or misspelled code is a type error.
 *
 * @example
 * throw new ApiError(409, ERROR_CODES.executionNotAwaiting, 'These tool outputs were already submitted.');
 * if (error.code === ERROR_CODES.streamInterrupted) reconnect();
 */
import { LIMIT_CODES } from './limits.js';

export const ERROR_CODES = {
  /** Each wire limit, named after the limit (see `LIMITS`). */
  ...LIMIT_CODES,

  // Request shape (400)
  invalidJson: 'invalid_json',
  bodyTooDeep: 'body_too_deep',
  bodyIncomplete: 'body_incomplete',
  invalidRequest: 'invalid_request',
  userMessageRequired: 'user_message_required',
  messageEmpty: 'message_empty',
  invalidSurfaceId: 'invalid_surface_id',
  invalidLimit: 'invalid_limit',
  invalidCursor: 'invalid_cursor',
  invalidDays: 'invalid_days',
  invalidTime: 'invalid_time',
  invalidFilter: 'invalid_filter',
  invalidToolName: 'invalid_tool_name',
  invalidSearch: 'invalid_search',
  invalidOrigin: 'invalid_origin',

  // Who may call (401, 403, 429)
  invalidClientToken: 'invalid_client_token',
  originNotAllowed: 'origin_not_allowed',
  sessionNotFound: 'session_not_found',
  sessionExpired: 'session_expired',
  adminKeyInvalid: 'admin_key_invalid',
  apiKeyInvalid: 'api_key_invalid',
  apiKeyForbidden: 'api_key_forbidden',
  /** An API key sent to a browser (client-token) route. */
  apiKeyNotAccepted: 'api_key_not_accepted',
  /** A browser request offered a tool with an origin other than `webmcp`. */
  sdkToolsNotAllowed: 'sdk_tools_not_allowed',
  /** A runtime tool uses `{{secrets.NAME}}` and the request (or the resume) did not bring NAME. */
  secretMissing: 'secret_missing',
  /** A runtime tool's URL host is outside the config's `dispatch.allowedHosts`. */
  runtimeToolHostNotAllowed: 'runtime_tool_host_not_allowed',
  rateLimited: 'rate_limited',
  /** 429s naming the limit that refused (`limits.*` in the server config). */
  tokenRateLimited: 'token_rate_limited',
  sessionRateLimited: 'session_rate_limited',
  addressRateLimited: 'address_rate_limited',
  replayRateLimited: 'replay_rate_limited',
  replayBudgetExceeded: 'replay_budget_exceeded',

  // Runs and their paused tool calls (404, 409, 410)
  executionNotFound: 'execution_not_found',
  executionNotAwaiting: 'execution_not_awaiting',
  executionExpired: 'execution_expired',
  unknownToolCall: 'unknown_tool_call',
  clientToolsResendRequired: 'client_tools_resend_required',

  // Backend RPC handlers (`GET /v1/rpc`)
  rpcToolNotDeclared: 'rpc_tool_not_declared',
  rpcUpgradeRequired: 'rpc_upgrade_required',
  rpcPayloadTooLarge: 'rpc_payload_too_large',

  // Operator resources
  surfaceNotFound: 'surface_not_found',
  conversationNotFound: 'conversation_not_found',
  clientTokenConflict: 'client_token_conflict',

  // The server itself
  notFound: 'not_found',
  internalError: 'internal_error',
  agentMissing: 'agent_missing',
  consoleNotBuilt: 'console_not_built',
  widgetNotBuilt: 'widget_not_built',

  // `execution_error` codes of a stream
  serverShutdown: 'server_shutdown',
  /** The process running the run died (no heartbeat); another instance ended the run. */
  serverLost: 'server_lost',
  modelError: 'model_error',
  storeError: 'store_error',
  storeUnavailable: 'store_unavailable',

  // Reported by the bridge (the request or the stream failed on the way)
  networkError: 'network_error',
  streamMissing: 'stream_missing',
  streamMalformed: 'stream_malformed',
  streamInterrupted: 'stream_interrupted',
  streamEnded: 'stream_ended',

  // Reported by the widget
  notConfigured: 'not_configured',
  runFailed: 'run_failed',
  panelLoadFailed: 'panel_load_failed',
  unknown: 'unknown',
} as const;

/** One of `ERROR_CODES`. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** The code of a non-2xx answer whose body named no error (a proxy's HTML page): `http_502`. */
export type HttpStatusCode = `http_${number}`;

// Marked pure so a bundle that never checks a code (the launcher) drops the table.
const KNOWN: ReadonlySet<string> = /* @__PURE__ */ new Set(/* @__PURE__ */ Object.values(ERROR_CODES));

/** True when `value` is one of `ERROR_CODES`: for codes read off the wire. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN.has(value);
}
