/**
 * A backend RPC handler: an operator's process connects out to the chat server over one WebSocket
 * (`GET /v1/rpc`, authenticated with an API key), registers the tools it serves, and answers the
 * calls the model makes to the agent's `rpc` tools. It reconnects with backoff when the connection
 * drops; a refused connect (bad key, a tool the agent does not declare) is reported and not retried.
 */
import WebSocket from 'ws';
import {
  RPC_MAX_RESULT_BYTES,
  RPC_PATH,
  type RpcHandlerMessage,
  type RpcServerMessage,
} from '../bridge/protocol/rpc.js';

/** What a tool function gets besides its arguments. */
export interface RpcToolContext {
  /** Aborted when the call times out on the server, the server cancels it, or the handler closes. */
  signal: AbortSignal;
  /** The model's id for this call. */
  toolCallId: string;
}

/** A tool: its return value (any JSON; a string as it is) is the result, a thrown error's message the error result. */
export type RpcToolFunction = (args: Record<string, unknown>, ctx: RpcToolContext) => unknown;

export interface RpcHandlerOptions {
  /** The chat server, e.g. `https://chat.example.com` (`ws(s)://` is derived from it). */
  apiUrl: string;
  /** An API key allowed to use `agent`. */
  apiKey: string;
  /** The agent id whose `rpc` tools this process serves. */
  agent: string;
  /** The tools, by name: each must be declared as an `rpc` tool of the agent. */
  tools: Record<string, RpcToolFunction>;
  onConnected?: (info: { handlerId: string; tools: string[] }) => void;
  onDisconnected?: (info: { code: number; reason: string; willReconnect: boolean }) => void;
  /** A refused connect (then no retry), a connection failure (then a retry) or a tool answer that could not be sent. */
  onError?: (error: RpcHandlerError) => void;
  /** Reconnect backoff in ms: the first delay, doubled up to `maxMs` (defaults 250 and 30 000). */
  backoff?: { initialMs?: number; maxMs?: number };
}

/** A handler started by {@link createRpcHandler}. */
export interface RpcHandler {
  /** True while registered with the server. */
  readonly connected: boolean;
  /** Disconnects for good, aborting the calls in flight; resolves once the socket is closed. */
  close(): Promise<void>;
}

/** Why the handler could not connect or answer: `code` is the server's error code when it gave one. */
export class RpcHandlerError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The HTTP status of a refused connect. */
    readonly status?: number,
    /** False when retrying cannot help (the handler stopped). */
    readonly retrying = true,
  ) {
    super(message);
    this.name = 'RpcHandlerError';
  }
}

/**
 * Connects a handler and keeps it connected until `close()`.
 *
 * @example
 * const handler = createRpcHandler({
 *   apiUrl: 'https://chat.example.com', apiKey: process.env.WEBMCP_CHAT_API_KEY!, agent: 'shop',
 *   tools: { lookup_stock: async ({ sku }, { signal }) => inventory.get(String(sku), { signal }) },
 * });
 * process.on('SIGTERM', () => void handler.close());
 */
export function createRpcHandler(options: RpcHandlerOptions): RpcHandler {
  const names = Object.keys(options.tools);
  if (names.length === 0) throw new TypeError('createRpcHandler: give at least one tool.');
  const url = new URL(RPC_PATH, options.apiUrl.replace(/\/+$/, '') + '/');
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('agent', options.agent);
  url.searchParams.set('tools', names.join(','));
  const initialMs = options.backoff?.initialMs ?? 250;
  const maxMs = options.backoff?.maxMs ?? 30_000;
  const calls = new Map<string, AbortController>();
  let socket: WebSocket | undefined;
  let connected = false;
  let closed = false;
  let delay = initialMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const report = (error: RpcHandlerError) => options.onError?.(error);

  const connect = () => {
    if (closed) return;
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${options.apiKey}` } });
    socket = ws;
    let refused = false;
    let answered = false;
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk.slice(0, 4096)));
      res.on('end', () => {
        const parsed = parseError(body);
        const status = res.statusCode ?? 0;
        refused = status >= 400 && status < 500;
        answered = true;
        if (refused) closed = true;
        report(new RpcHandlerError(parsed.code ?? `http_${status}`, parsed.hint ?? body, status, !refused));
        ws.terminate();
      });
    });
    ws.on('error', (error) => {
      // A refused or deliberately ended connect was reported already (or needs no report).
      if (!refused && !answered && !closed) report(new RpcHandlerError('network_error', error.message));
    });
    ws.on('message', (data) => {
      const message = parseMessage(String(data));
      if (!message)
        return report(new RpcHandlerError('invalid_message', 'The server sent a message that is not JSON.'));
      if (message.type === 'ready') {
        connected = true;
        delay = initialMs;
        options.onConnected?.({ handlerId: message.handlerId, tools: message.tools });
      } else if (message.type === 'call') void run(ws, message);
      else if (message.type === 'cancel') calls.get(message.id)?.abort(new Error('The server cancelled this call.'));
    });
    ws.on('close', (code, reason) => {
      const was = connected;
      connected = false;
      for (const controller of calls.values()) controller.abort(new Error('The connection to the server closed.'));
      calls.clear();
      const willReconnect = !closed;
      if (was || willReconnect) options.onDisconnected?.({ code, reason: reason.toString(), willReconnect });
      if (willReconnect) {
        // Jittered so many handlers do not reconnect to a restarted server all at once.
        timer = setTimeout(connect, delay * (0.75 + Math.random() / 2));
        delay = Math.min(delay * 2, maxMs);
      }
    });
  };

  const run = async (ws: WebSocket, call: Extract<RpcServerMessage, { type: 'call' }>) => {
    const controller = new AbortController();
    calls.set(call.id, controller);
    const timeout = setTimeout(() => controller.abort(new Error('The call timed out.')), call.timeoutMs);
    let answer: RpcHandlerMessage;
    try {
      const tool = options.tools[call.name];
      if (!tool) throw new Error(`This handler has no tool "${call.name}".`);
      const result = await tool(call.arguments, { signal: controller.signal, toolCallId: call.toolCallId });
      answer = { type: 'result', id: call.id, result: result === undefined ? null : result };
    } catch (error) {
      answer = { type: 'error', id: call.id, message: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timeout);
      calls.delete(call.id);
    }
    send(ws, answer);
  };

  const send = (ws: WebSocket, answer: RpcHandlerMessage) => {
    let text: string;
    try {
      text = JSON.stringify(answer);
    } catch (error) {
      text = JSON.stringify({ type: 'error', id: answer.id, message: `The result is not JSON: ${String(error)}` });
    }
    if (new TextEncoder().encode(text).byteLength > RPC_MAX_RESULT_BYTES + 1024)
      text = JSON.stringify({
        type: 'error',
        id: answer.id,
        message: `The result is larger than ${RPC_MAX_RESULT_BYTES} bytes (rpc_payload_too_large).`,
      });
    // The server ignores (and logs) an answer that comes after the call timed out there.
    if (ws.readyState === WebSocket.OPEN) ws.send(text);
    else report(new RpcHandlerError('network_error', `The answer to ${answer.id} was lost: the connection closed.`));
  };

  connect();
  return {
    get connected() {
      return connected;
    },
    close() {
      closed = true;
      clearTimeout(timer);
      const ws = socket;
      if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
      return new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
        else ws.close(1000, 'The handler closed.');
      });
    },
  };
}

function parseError(body: string): { code?: string; hint?: string } {
  try {
    const value = JSON.parse(body) as { error?: unknown; hint?: unknown };
    return {
      ...(typeof value.error === 'string' ? { code: value.error } : {}),
      ...(typeof value.hint === 'string' ? { hint: value.hint } : {}),
    };
  } catch {
    return {};
  }
}

function parseMessage(text: string): RpcServerMessage | undefined {
  try {
    return JSON.parse(text) as RpcServerMessage;
  } catch {
    return undefined;
  }
}
