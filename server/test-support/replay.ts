/**
 * What a store holds for an execution, as a reconnecting reader gets it from the start, and the
 * streamed events in the same form (each run of text deltas joined), so a test can check that the
 * stored frames stand for exactly what was streamed.
 */
import type { StreamEvent } from '../../bridge/protocol/index.js';
import { firstSeqOf, fromStored, joinDeltas, type StoredEvent } from '../engine/stored-frames.js';
import type { Store } from '../store/index.js';

/** Every stored event of `executionId` as a replay from seq 0 sends it. */
export async function replayOf(store: Pick<Store, 'listEvents'>, executionId: string): Promise<StreamEvent[]> {
  const all = () => store.listEvents(executionId, 0) as Promise<StoredEvent[]>;
  return fromStored(await all(), 0, all);
}

export { joinDeltas };

/** The seqs the stored frames of `executionId` stand for, in order (a coalesced delta stands for several). */
export async function storedSeqs(store: Pick<Store, 'listEvents'>, executionId: string): Promise<number[]> {
  const rows = (await store.listEvents(executionId, 0)) as StoredEvent[];
  return rows.flatMap((r) => Array.from({ length: r.seq - firstSeqOf(r) + 1 }, (_, i) => firstSeqOf(r) + i));
}
