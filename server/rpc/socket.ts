/**
 * `GET /v1/rpc`: the WebSocket upgrade a backend RPC handler connects out on. Everything is checked
 * before the upgrade — the API key, the agent it may use, and that every tool the handler offers
 * is declared as an `rpc` tool of that agent — so a refusal is a plain HTTP answer with an
 * `{error, hint}` body the handler can show, and an accepted socket only carries calls.
 */
import type { IncomingMessage, Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  ERROR_CODES,
  LIMITS,
  RPC_MAX_MESSAGE_BYTES,
  RPC_PATH,
  type ErrorCode,
  type RpcHandlerMessage,
  type RpcServerMessage,
} from '../../bridge/protocol/index.js';
import type { ApiKeys } from '../auth/index.js';
import { rpcId, type RpcPeer } from './hub.js';
import type { RpcService } from './service.js';

export interface RpcSocketOptions {
  service: RpcService;
  apiKeys: ApiKeys;
  /** The names of an agent's `rpc` tools, or `undefined` for an agent that does not exist. */
  declared(agent: string): ReadonlySet<string> | undefined;
  /** How often the server pings each handler; one that misses a pong is dropped (default 15 s). */
  pingMs?: number;
}

type Refusal = { status: 400 | 401 | 403; code: ErrorCode; hint: string };

const QUERY_KEYS = new Set(['agent', 'tools']);

/** Serves `GET /v1/rpc` upgrades on `server`; `close()` disconnects every handler. */
export function attachRpcSocket(server: Server, options: RpcSocketOptions): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: RPC_MAX_MESSAGE_BYTES });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== RPC_PATH) {
      // Another listener may serve other paths; alone, this one answers so the socket is not left open.
      if (server.listenerCount('upgrade') === 1)
        refuse(socket, { status: 400, code: ERROR_CODES.notFound, hint: `No WebSocket route at ${url.pathname}.` });
      return;
    }
    const checked = check(req, url, options);
    if ('status' in checked) return refuse(socket, checked);
    wss.handleUpgrade(req, socket, head, (ws) => void serve(ws, checked.agent, checked.tools, options));
  };
  server.on('upgrade', onUpgrade);
  const pingMs = options.pingMs ?? 15_000;
  const alive = new WeakSet<WebSocket>();
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      // No pong since the last ping: the handler's process or network is gone.
      if (!alive.has(ws)) ws.terminate();
      else {
        alive.delete(ws);
        ws.ping();
      }
    }
  }, pingMs);
  pinger.unref();
  wss.on('connection', (ws) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
  });
  return {
    close() {
      clearInterval(pinger);
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(1001, 'The server is shutting down.');
      wss.close();
    },
  };
}

function check(
  req: IncomingMessage,
  url: URL,
  options: RpcSocketOptions,
): Refusal | { agent: string; tools: Set<string> } {
  const holder = options.apiKeys.find(req.headers.authorization);
  if (!holder)
    return { status: 401, code: ERROR_CODES.apiKeyInvalid, hint: 'Send an API key as `Authorization: Bearer <key>`.' };
  for (const key of url.searchParams.keys())
    if (!QUERY_KEYS.has(key)) return invalid(`Unknown query parameter "${key}" (known: agent, tools).`);
  const agent = url.searchParams.get('agent');
  if (!agent) return invalid('Name the agent: `?agent=<agent id>`.');
  if (!holder.agents.includes(agent))
    return { status: 403, code: ERROR_CODES.apiKeyForbidden, hint: `This API key may not use the agent "${agent}".` };
  const names = (url.searchParams.get('tools') ?? '').split(',').filter(Boolean);
  if (names.length === 0) return invalid('List the tools this handler serves: `&tools=<name>,<name>`.');
  if (names.length > 64) return invalid('A handler may serve at most 64 tools.');
  const bad = names.find((n) => !LIMITS.toolNamePattern.test(n));
  if (bad !== undefined) return invalid(`"${bad.slice(0, 140)}" is not a tool name.`);
  const declared = options.declared(agent) ?? new Set<string>();
  const undeclared = names.filter((n) => !declared.has(n));
  if (undeclared.length > 0)
    return {
      status: 400,
      code: ERROR_CODES.rpcToolNotDeclared,
      hint: `The agent "${agent}" declares no rpc tool named ${undeclared.map((n) => `"${n}"`).join(', ')}; its rpc tools: ${[...declared].join(', ') || 'none'}.`,
    };
  return { agent, tools: new Set(names) };
}

function invalid(hint: string): Refusal {
  return { status: 400, code: ERROR_CODES.invalidRequest, hint };
}

function refuse(socket: Duplex, refusal: Refusal): void {
  const body = JSON.stringify({ error: refusal.code, hint: refusal.hint });
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

async function serve(ws: WebSocket, agent: string, tools: Set<string>, options: RpcSocketOptions): Promise<void> {
  const peer: RpcPeer = {
    id: rpcId('rpch'),
    agent,
    tools,
    send: (message: RpcServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    },
  };
  ws.on('message', (data, isBinary) => {
    const message = isBinary ? undefined : parse(data.toString());
    if (message) options.service.hub.answer(peer, message);
    else ws.close(1008, 'Send JSON messages {type: "result" | "error", id, …}.');
  });
  ws.on('close', () => options.service.disconnect(peer));
  await options.service.connect(peer);
  peer.send({ type: 'ready', handlerId: peer.id, agent, tools: [...tools] });
}

function parse(text: string): RpcHandlerMessage | undefined {
  try {
    const value = JSON.parse(text) as Partial<RpcHandlerMessage>;
    if (typeof value?.id !== 'string') return undefined;
    if (value.type === 'result') return { type: 'result', id: value.id, result: value.result };
    if (value.type === 'error' && typeof value.message === 'string')
      return { type: 'error', id: value.id, message: value.message };
    return undefined;
  } catch {
    return undefined;
  }
}
