/**
 * The request secrets of dispatch runs, held in this process's memory only — never in the store, a
 * frame, a log line or an answer. A run's entry lives while the run can still use it: it is dropped
 * when a segment ends without a pause, and at the paused-run expiry. A run paused here and resumed on
 * another instance finds no entry there: its resume must bring the secrets again.
 */
import type { EventHub } from '../engine/hub.js';
import { Secret } from '../tools/secret.js';

interface Entry {
  secrets: Map<string, Secret>;
  /** Dropped after this time (the paused-run lifetime from the last use). */
  until: number;
}

/** Secrets by execution id, in memory. */
export class RunSecrets {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly ttlMs: number) {}

  /** Wraps plain values as {@link Secret}s. */
  static from(values: Readonly<Record<string, string>> | undefined): Map<string, Secret> {
    return new Map(Object.entries(values ?? {}).map(([name, value]) => [name, new Secret(value)]));
  }

  /** The run's secrets: `given` (a resume's) over the ones held here. */
  get(executionId: string, given?: ReadonlyMap<string, Secret>): Map<string, Secret> {
    this.#sweep();
    const held = this.#entries.get(executionId)?.secrets ?? new Map<string, Secret>();
    return new Map([...held, ...(given ?? [])]);
  }

  /**
   * Holds `secrets` for the run while `events` (its segment) runs; keeps them after a pause (a
   * later resume here may need them) and forgets them when the segment ends any other way.
   */
  hold(executionId: string, secrets: ReadonlyMap<string, Secret>, events: EventHub): void {
    if (secrets.size === 0) return;
    this.#entries.set(executionId, { secrets: new Map(secrets), until: Date.now() + this.ttlMs });
    void (async () => {
      let paused = false;
      for await (const event of events.follow(events.startSeq - 1)) paused = event.type === 'await';
      const entry = this.#entries.get(executionId);
      if (!paused) this.#entries.delete(executionId);
      else if (entry) entry.until = Date.now() + this.ttlMs;
    })();
  }

  /** How many runs hold secrets here (tests). */
  get size(): number {
    this.#sweep();
    return this.#entries.size;
  }

  #sweep(): void {
    const now = Date.now();
    for (const [id, entry] of this.#entries) if (entry.until <= now) this.#entries.delete(id);
  }
}
