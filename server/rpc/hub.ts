/**
 * The RPC handlers connected to this server instance, and the calls they are serving. A call goes
 * to one handler that registered its tool (round robin over them); the first answer naming the
 * call settles it. An answer that comes after the call timed out, or for a call nobody sent, is
 * ignored and logged.
 */
import { randomBytes } from 'node:crypto';
import {
  ERROR_CODES,
  RPC_MAX_RESULT_BYTES,
  type RpcHandlerMessage,
  type RpcServerMessage,
  type ToolOutcome,
} from '../../bridge/protocol/index.js';

/** One connected handler, as the hub sees it (the socket code owns the WebSocket). */
export interface RpcPeer {
  readonly id: string;
  readonly agent: string;
  readonly tools: ReadonlySet<string>;
  send(message: RpcServerMessage): void;
}

/** One call of an `rpc` tool. */
export interface RpcCallRequest {
  agent: string;
  name: string;
  toolCallId: string;
  arguments: Record<string, unknown>;
  timeoutMs: number;
}

/** A random id for RPC bookkeeping, e.g. `rpc_3fK…`. */
export function rpcId(prefix: 'rpc' | 'rpcx' | 'rpcm' | 'rpch'): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** The text the model gets when no handler serves the tool (never a wait). */
export function noHandlerOutcome(name: string): ToolOutcome {
  return { text: `${name}: no handler connected (no RPC handler serving this tool is connected).`, isError: true };
}

/** How many finished call ids are remembered to tell a late answer from a stray one. */
const REMEMBERED = 1000;

interface Pending {
  peer: RpcPeer;
  name: string;
  resolve(outcome: ToolOutcome): void;
}

export class RpcHub {
  readonly #peers = new Map<string, RpcPeer>();
  readonly #pending = new Map<string, Pending>();
  readonly #finished = new Map<string, string>();
  #turn = 0;

  constructor(private readonly log: (line: string) => void) {}

  add(peer: RpcPeer): void {
    this.#peers.set(peer.id, peer);
  }

  /** Forgets a handler. Its calls in flight stay pending: they fail at their timeouts. */
  remove(peer: RpcPeer): void {
    this.#peers.delete(peer.id);
  }

  /** How many connected handlers serve `name` for `agent`. */
  count(agent: string, name: string): number {
    return this.#serving(agent, name).length;
  }

  /** `{agent: {tool: handlers}}` for the handlers connected here. */
  tools(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const peer of this.#peers.values()) {
      const agent = (out[peer.agent] ??= {});
      for (const tool of peer.tools) agent[tool] = (agent[tool] ?? 0) + 1;
    }
    return out;
  }

  /**
   * Sends the call to the next handler serving its tool and resolves with the answer. Rejects with
   * the signal's reason when it aborts first (the caller's timeout); no handler is an error outcome.
   */
  call(request: RpcCallRequest, signal: AbortSignal): Promise<ToolOutcome> {
    const serving = this.#serving(request.agent, request.name);
    if (serving.length === 0) return Promise.resolve(noHandlerOutcome(request.name));
    const peer = serving[this.#turn++ % serving.length]!;
    const id = rpcId('rpc');
    return new Promise<ToolOutcome>((resolve, reject) => {
      const abort = () => {
        if (!this.#pending.delete(id)) return;
        this.#remember(id, request.name);
        peer.send({ type: 'cancel', id });
        reject(signal.reason);
      };
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener('abort', abort, { once: true });
      this.#pending.set(id, {
        peer,
        name: request.name,
        resolve: (outcome) => {
          signal.removeEventListener('abort', abort);
          resolve(outcome);
        },
      });
      const { toolCallId, name, arguments: args, timeoutMs } = request;
      peer.send({ type: 'call', id, toolCallId, name, arguments: args, timeoutMs });
    });
  }

  /** An answer from `peer`. */
  answer(peer: RpcPeer, message: RpcHandlerMessage): void {
    const pending = this.#pending.get(message.id);
    if (!pending || pending.peer !== peer) {
      const late = this.#finished.get(message.id);
      this.log(
        late
          ? `[webmcp-chat] rpc: handler ${peer.id} answered call ${message.id} (${late}) after it timed out; the answer was ignored`
          : `[webmcp-chat] rpc: handler ${peer.id} answered unknown call ${JSON.stringify(message.id).slice(0, 80)}; ignored`,
      );
      return;
    }
    this.#pending.delete(message.id);
    this.#remember(message.id, pending.name);
    pending.resolve(outcomeOf(pending.name, message));
  }

  #serving(agent: string, name: string): RpcPeer[] {
    return [...this.#peers.values()].filter((p) => p.agent === agent && p.tools.has(name));
  }

  #remember(id: string, name: string): void {
    this.#finished.set(id, name);
    if (this.#finished.size > REMEMBERED) this.#finished.delete(this.#finished.keys().next().value!);
  }
}

/** The model's text for a handler's answer: strings as they are, other values as JSON, capped. */
export function outcomeOf(name: string, message: RpcHandlerMessage): ToolOutcome {
  const text =
    message.type === 'error'
      ? message.message || `${name} failed`
      : typeof message.result === 'string'
        ? message.result
        : (JSON.stringify(message.result) ?? 'null');
  if (Buffer.byteLength(text) > RPC_MAX_RESULT_BYTES)
    return {
      text: `${name} answered more than ${RPC_MAX_RESULT_BYTES} bytes (${ERROR_CODES.rpcPayloadTooLarge}); the answer was dropped.`,
      isError: true,
    };
  return { text, isError: message.type === 'error' };
}
