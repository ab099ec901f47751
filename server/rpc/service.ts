/**
 * Where an `rpc` tool call goes: to a handler connected to this instance or, with PostgreSQL, to
 * one connected to another instance. Calls are spread over every handler serving the tool, here
 * and elsewhere (round robin, an instance weighted by how many it holds). No handler anywhere is
 * an immediate error result, never a wait.
 */
import type pg from 'pg';
import type { ToolOutcome } from '../../bridge/protocol/index.js';
import { noHandlerOutcome, RpcHub, type RpcCallRequest, type RpcPeer } from './hub.js';
import { PgRpcBus } from './pg-bus.js';

export interface RpcServiceOptions {
  /** The PostgreSQL store's pool: calls then reach handlers connected to other instances. */
  pool?: pg.Pool;
  /** Presence heartbeat between instances (default 10 s). */
  heartbeatMs?: number;
  /** Where late answers and channel failures are logged; default `console.warn`. */
  log?: (line: string) => void;
}

/** Runs one call of an agent's `rpc` tool. */
export type RpcCaller = (request: Omit<RpcCallRequest, 'agent'>, signal: AbortSignal) => Promise<ToolOutcome>;

export class RpcService {
  readonly hub: RpcHub;
  readonly #bus: PgRpcBus | undefined;
  readonly #ready: Promise<void>;
  readonly #log: (line: string) => void;
  #turn = 0;

  constructor(options: RpcServiceOptions = {}) {
    this.#log = options.log ?? ((line) => console.warn(line));
    this.hub = new RpcHub(this.#log);
    this.#bus = options.pool
      ? new PgRpcBus(options.pool, this.hub, {
          log: this.#log,
          ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
        })
      : undefined;
    this.#ready = this.#bus
      ? this.#bus.start().catch((error: unknown) => {
          this.#log(
            `[webmcp-chat] rpc: cannot listen on PostgreSQL; only local handlers serve calls: ${String(error)}`,
          );
        })
      : Promise.resolve();
  }

  /** Resolves once calls can reach other instances (at once without PostgreSQL). */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** The caller for one agent's `rpc` tools. */
  caller(agent: string): RpcCaller {
    return (request, signal) => this.call({ ...request, agent }, signal);
  }

  async call(request: RpcCallRequest, signal: AbortSignal): Promise<ToolOutcome> {
    await this.#ready;
    const local = this.hub.count(request.agent, request.name);
    const remote = this.#bus?.peersWith(request.agent, request.name) ?? [];
    const total = remote.reduce((sum, peer) => sum + peer.count, local);
    if (total === 0) return noHandlerOutcome(request.name);
    let slot = this.#turn++ % total;
    if (slot < local) return this.hub.call(request, signal);
    slot -= local;
    for (const peer of remote) {
      if (slot < peer.count) return this.#bus!.call(peer.instance, request, signal);
      slot -= peer.count;
    }
    return noHandlerOutcome(request.name);
  }

  /** A handler connected: it serves calls once the other instances were told. */
  async connect(peer: RpcPeer): Promise<void> {
    this.hub.add(peer);
    await this.#ready;
    await this.#bus?.announce().catch((error: unknown) => this.#log(`[webmcp-chat] rpc: announce failed: ${error}`));
  }

  disconnect(peer: RpcPeer): void {
    this.hub.remove(peer);
    void this.#bus?.announce().catch(() => {}); // peers also drop it when its heartbeats stop
  }

  /** The handlers by agent and tool: `here` on this instance, `elsewhere` per other instance. */
  describe(): {
    instance?: string;
    here: Record<string, Record<string, number>>;
    elsewhere: Record<string, Record<string, Record<string, number>>>;
  } {
    return {
      ...(this.#bus ? { instance: this.#bus.instance } : {}),
      here: this.hub.tools(),
      elsewhere: this.#bus?.remote() ?? {},
    };
  }

  /** Stops listening on PostgreSQL (before the store's pool is ended). */
  async close(): Promise<void> {
    await this.#ready;
    await this.#bus?.close();
  }
}
