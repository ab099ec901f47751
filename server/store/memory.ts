import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { RunRecord, SessionRecord, Store } from './types.js';

/** A process-local store; records are cloned in and out so callers never share mutable state. */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #runs = new Map<string, RunRecord>();
  readonly #events = new Map<string, StreamEvent[]>();

  async getSession(id: string) {
    const s = this.#sessions.get(id);
    return s && structuredClone(s);
  }

  async saveSession(session: SessionRecord) {
    this.#sessions.set(session.id, structuredClone(session));
  }

  async getRun(id: string) {
    const r = this.#runs.get(id);
    return r && structuredClone(r);
  }

  async saveRun(run: RunRecord) {
    this.#runs.set(run.id, structuredClone(run));
  }

  async claimRun(id: string, version: number) {
    const run = this.#runs.get(id);
    // Synchronous check-and-set: no await between the read and the write, so claims cannot interleave.
    if (!run || run.status !== 'awaiting' || run.version !== version) return undefined;
    run.status = 'running';
    run.version = version + 1;
    run.updatedAt = new Date().toISOString();
    return structuredClone(run);
  }

  async appendEvents(executionId: string, events: readonly StreamEvent[]) {
    let list = this.#events.get(executionId);
    if (!list) this.#events.set(executionId, (list = []));
    for (const e of events) list.push(structuredClone(e));
  }

  async listEvents(executionId: string, after: number) {
    return (this.#events.get(executionId) ?? []).filter((e) => e.seq > after).map((e) => structuredClone(e));
  }

  async close() {
    this.#sessions.clear();
    this.#runs.clear();
    this.#events.clear();
  }
}
