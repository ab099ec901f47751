/**
 * RPC calls between server instances that share one PostgreSQL database, over `LISTEN/NOTIFY` on
 * the store's own pool (no second broker). Each instance listens on the broadcast channel
 * `webmcp_rpc` (presence: which handlers it holds) and on its own channel `webmcp_rpc_<instance>`
 * (calls to it, results and cancels for it):
 *
 *   A: call for a tool only B's handlers serve ─ NOTIFY webmcp_rpc_B {call} ─▶ B runs it on a handler
 *   A ◀─ NOTIFY webmcp_rpc_A {result} ────────────────────────────────────── B
 *
 * A message over NOTIFY's 8000-byte payload limit is stored as a row of `webmcp_rpc_messages` and
 * only its id is notified; the receiver reads (and, for a direct message, deletes) the row.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { ToolOutcome } from '../../bridge/protocol/index.js';
import { rpcId, type RpcCallRequest, type RpcHub } from './hub.js';

const BROADCAST = 'webmcp_rpc';
/** Below NOTIFY's 8000-byte limit, with room for the channel name and framing. */
const NOTIFY_MAX_BYTES = 7800;
// Any fixed 64-bit key: instances creating the spill table at once take this lock first.
const TABLE_LOCK = 0x77656d6372; // "wemcr"

type BusMessage =
  | { t: 'presence'; from: string; tools: Record<string, Record<string, number>>; ask?: boolean }
  | { t: 'call'; from: string; id: string; request: RpcCallRequest }
  | { t: 'cancel'; id: string }
  | { t: 'result'; id: string; outcome: ToolOutcome }
  | { t: 'ref'; id: string; keep?: boolean };

export interface PgRpcBusOptions {
  /** How often this instance re-announces its handlers (default 10 s); peers silent for 3× are dropped. */
  heartbeatMs?: number;
  log: (line: string) => void;
}

export class PgRpcBus {
  readonly instance = randomBytes(6).toString('hex');
  readonly #peers = new Map<string, { tools: Record<string, Record<string, number>>; seenAt: number }>();
  readonly #waiting = new Map<string, { name: string; resolve(outcome: ToolOutcome): void }>();
  readonly #served = new Map<string, AbortController>();
  readonly #finished = new Set<string>();
  readonly #heartbeatMs: number;
  #client: pg.PoolClient | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly hub: RpcHub,
    private readonly options: PgRpcBusOptions,
  ) {
    this.#heartbeatMs = options.heartbeatMs ?? 10_000;
  }

  /** Creates the spill table, starts listening and asks the other instances who holds which handlers. */
  async start(): Promise<void> {
    const setup = await this.pool.connect();
    try {
      await setup.query('BEGIN');
      await setup.query('SELECT pg_advisory_xact_lock($1)', [TABLE_LOCK]);
      await setup.query(
        'CREATE TABLE IF NOT EXISTS webmcp_rpc_messages (id text PRIMARY KEY, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
      );
      await setup.query('COMMIT');
    } finally {
      setup.release();
    }
    await this.#listen();
    this.#timer = setInterval(() => void this.#heartbeat(), this.#heartbeatMs);
    this.#timer.unref();
    await this.announce(true);
  }

  /** Tells every instance which handlers this one holds (on connect, disconnect and every heartbeat). */
  async announce(ask = false): Promise<void> {
    await this.#send(BROADCAST, {
      t: 'presence',
      from: this.instance,
      tools: this.hub.tools(),
      ...(ask ? { ask } : {}),
    });
  }

  /** Other live instances with handlers for the tool, and how many each holds. */
  peersWith(agent: string, name: string): Array<{ instance: string; count: number }> {
    const fresh = Date.now() - 3 * this.#heartbeatMs;
    const out: Array<{ instance: string; count: number }> = [];
    for (const [instance, peer] of this.#peers) {
      const count = peer.seenAt >= fresh ? (peer.tools[agent]?.[name] ?? 0) : 0;
      if (count > 0) out.push({ instance, count });
    }
    return out;
  }

  /** `{instance: {agent: {tool: handlers}}}` of the live peers. */
  remote(): Record<string, Record<string, Record<string, number>>> {
    const fresh = Date.now() - 3 * this.#heartbeatMs;
    return Object.fromEntries([...this.#peers].filter(([, p]) => p.seenAt >= fresh).map(([i, p]) => [i, p.tools]));
  }

  /** Runs the call on a handler of `instance`; rejects with the signal's reason when it aborts first. */
  call(instance: string, request: RpcCallRequest, signal: AbortSignal): Promise<ToolOutcome> {
    const id = rpcId('rpcx');
    return new Promise<ToolOutcome>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const abort = () => {
        if (!this.#waiting.delete(id)) return;
        this.#finished.add(id);
        if (this.#finished.size > 1000) this.#finished.delete(this.#finished.values().next().value!);
        void this.#send(channelOf(instance), { t: 'cancel', id }).catch(() => {});
        reject(signal.reason);
      };
      signal.addEventListener('abort', abort, { once: true });
      this.#waiting.set(id, {
        name: request.name,
        resolve: (outcome) => {
          signal.removeEventListener('abort', abort);
          resolve(outcome);
        },
      });
      this.#send(channelOf(instance), { t: 'call', from: this.instance, id, request }).catch((error: unknown) => {
        this.#waiting.delete(id);
        signal.removeEventListener('abort', abort);
        reject(error as Error);
      });
    });
  }

  /** Says goodbye (peers drop this instance's handlers at once) and stops listening. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    for (const controller of this.#served.values()) controller.abort(new Error('The server shut down.'));
    try {
      await this.#send(BROADCAST, { t: 'presence', from: this.instance, tools: {} });
    } catch {
      // the database is gone already: peers drop this instance when its heartbeats stop
    }
    this.#client?.release(true);
    this.#client = undefined;
  }

  async #listen(): Promise<void> {
    const client = await this.pool.connect();
    client.on('notification', (n) => void this.#receive(n.payload ?? '').catch((e: unknown) => this.#fault(e)));
    // A lost connection: listen again on a fresh one (peers re-announce within a heartbeat).
    client.on('error', () => {
      if (this.#client !== client) return;
      this.#client = undefined;
      client.release(true);
      if (!this.#closed) setTimeout(() => void this.#listen().catch((e: unknown) => this.#fault(e)), 1000).unref();
    });
    await client.query(`LISTEN ${BROADCAST}`);
    await client.query(`LISTEN ${channelOf(this.instance)}`);
    this.#client = client;
  }

  async #heartbeat(): Promise<void> {
    try {
      await this.announce();
      // Spilled messages nobody read (their receiver died) are dropped after a minute.
      await this.pool.query("DELETE FROM webmcp_rpc_messages WHERE created_at < now() - interval '1 minute'");
    } catch (error) {
      this.#fault(error);
    }
  }

  async #send(channel: string, message: BusMessage): Promise<void> {
    let payload = JSON.stringify(message);
    if (Buffer.byteLength(payload) > NOTIFY_MAX_BYTES) {
      const id = rpcId('rpcm');
      await this.pool.query('INSERT INTO webmcp_rpc_messages (id, body) VALUES ($1, $2)', [id, payload]);
      payload = JSON.stringify({ t: 'ref', id, ...(channel === BROADCAST ? { keep: true } : {}) });
    }
    await this.pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  async #receive(payload: string): Promise<void> {
    let message = JSON.parse(payload) as BusMessage;
    if (message.t === 'ref') {
      const { rows } = await this.pool.query<{ body: string }>(
        message.keep
          ? 'SELECT body FROM webmcp_rpc_messages WHERE id = $1'
          : 'DELETE FROM webmcp_rpc_messages WHERE id = $1 RETURNING body',
        [message.id],
      );
      if (!rows[0]) return;
      message = JSON.parse(rows[0].body) as BusMessage;
    }
    switch (message.t) {
      case 'presence':
        if (message.from === this.instance) return;
        this.#peers.set(message.from, { tools: message.tools, seenAt: Date.now() });
        if (message.ask) await this.announce();
        return;
      case 'call':
        return this.#serve(message.from, message.id, message.request);
      case 'cancel':
        this.#served.get(message.id)?.abort(new Error('The calling instance gave up on this call.'));
        return;
      case 'result': {
        const waiting = this.#waiting.get(message.id);
        if (waiting) {
          this.#waiting.delete(message.id);
          waiting.resolve(message.outcome);
        } else if (this.#finished.has(message.id))
          this.options.log(`[webmcp-chat] rpc: a result for call ${message.id} came after it timed out; ignored`);
        return;
      }
    }
  }

  /** A call from another instance, run on a handler here; the outcome goes back to `from`. */
  async #serve(from: string, id: string, request: RpcCallRequest): Promise<void> {
    const controller = new AbortController();
    this.#served.set(id, controller);
    const timeout = AbortSignal.timeout(request.timeoutMs);
    let outcome: ToolOutcome | undefined;
    try {
      outcome = await this.hub.call(request, AbortSignal.any([timeout, controller.signal]));
    } catch {
      // Timed out or cancelled: the caller has given up (and answers its model itself).
    } finally {
      this.#served.delete(id);
    }
    if (outcome) await this.#send(channelOf(from), { t: 'result', id, outcome });
  }

  #fault(error: unknown): void {
    this.options.log(`[webmcp-chat] rpc: the PostgreSQL channel failed: ${(error as Error)?.message ?? String(error)}`);
  }
}

function channelOf(instance: string): string {
  return `${BROADCAST}_${instance}`;
}
