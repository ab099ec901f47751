/**
 * How a run's events are stored compactly and replayed exactly. The live stream sends every text
 * delta as its own frame; the store keeps one frame per run of consecutive deltas of one text (a
 * flush), and `text_complete` / `reasoning_complete` without their text, which the deltas already
 * hold. A replay from any `seq` rebuilds the same text a live reader got: a stored run of deltas
 * that the reader saw part of is cut where the reader stopped.
 */
import type { StreamEvent } from '../../bridge/protocol/index.js';

type Delta = Extract<StreamEvent, { type: 'text_delta' | 'reasoning_delta' }>;
type Complete = Extract<StreamEvent, { type: 'text_complete' | 'reasoning_complete' }>;

/**
 * Storage-only fields, never sent: `parts` on a coalesced delta holds the lengths (UTF-16 units) of
 * the live deltas it joins, whose seqs end at its `seq`; `fromDeltas` on a complete frame says its
 * `text` was left out and is the concatenation of its deltas.
 */
export interface StoredFields {
  parts?: number[];
  fromDeltas?: true;
}

/** A frame as the store holds it. */
export type StoredEvent = StreamEvent & StoredFields;

function isDelta(e: StreamEvent): e is Delta {
  return e.type === 'text_delta' || e.type === 'reasoning_delta';
}

/**
 * The stored form of a batch of live events (in seq order): consecutive deltas of one text with
 * consecutive seqs become one frame at the last seq; complete frames lose their text.
 */
export function toStored(events: readonly StreamEvent[]): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.type === 'text_complete' || e.type === 'reasoning_complete') {
      const { text: _text, ...rest } = e;
      out.push({ ...rest, fromDeltas: true } as StoredEvent);
      continue;
    }
    if (!isDelta(e)) {
      out.push(e);
      continue;
    }
    let j = i;
    while (j + 1 < events.length) {
      const n = events[j + 1]!;
      if (n.type !== e.type || (n as Delta).id !== e.id || n.seq !== events[j]!.seq + 1) break;
      j++;
    }
    if (j === i) {
      out.push(e);
      continue;
    }
    const run = events.slice(i, j + 1) as Delta[];
    out.push({ ...run.at(-1)!, delta: run.map((d) => d.delta).join(''), parts: run.map((d) => d.delta.length) });
    i = j;
  }
  return out;
}

/**
 * The wire events of stored frames with `seq > after` (as `Store.listEvents` returns them, in
 * order): a coalesced delta is cut to the part after `after`, storage fields are dropped, and a
 * complete frame gets its text back from all the deltas of its text (`all` loads every stored frame
 * of the execution, read only when such a frame is there).
 */
export async function fromStored(
  rows: readonly StoredEvent[],
  after: number,
  all: () => Promise<readonly StoredEvent[]>,
): Promise<StreamEvent[]> {
  let texts: Map<string, string> | undefined;
  const out: StreamEvent[] = [];
  for (const row of rows) {
    if (row.parts) {
      const { parts, ...event } = row;
      const first = row.seq - parts.length + 1;
      let skip = 0;
      for (let s = first, k = 0; s <= after; s++, k++) skip += parts[k]!;
      const delta = (event as Delta).delta.slice(skip);
      out.push({ ...event, delta } as StreamEvent);
    } else if (row.fromDeltas) {
      texts ??= deltaTexts(await all());
      const { fromDeltas: _f, ...event } = row;
      out.push({ ...event, text: texts.get(`${row.type}:${(row as Complete).id}`) ?? '' } as StreamEvent);
    } else {
      out.push(row);
    }
  }
  return out;
}

/** The first `seq` a stored frame stands for (a coalesced delta stands for several). */
export function firstSeqOf(row: StoredEvent): number {
  return row.parts ? row.seq - row.parts.length + 1 : row.seq;
}

/** Full text per `<complete type>:<id>` from every stored delta. */
function deltaTexts(rows: readonly StoredEvent[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const r of rows) {
    if (!isDelta(r)) continue;
    const key = `${r.type === 'text_delta' ? 'text_complete' : 'reasoning_complete'}:${r.id}`;
    texts.set(key, (texts.get(key) ?? '') + r.delta);
  }
  return texts;
}

/**
 * Events as a reader got them with each run of deltas of one text joined into one (at the last
 * one's seq): the form in which a live stream, a replay and a mix of both compare equal.
 */
export function joinDeltas(events: readonly StreamEvent[]): StreamEvent[] {
  const out: StreamEvent[] = [];
  for (const e of events) {
    const last = out.at(-1);
    if (isDelta(e) && last && last.type === e.type && (last as Delta).id === e.id) {
      out[out.length - 1] = { ...e, delta: (last as Delta).delta + e.delta };
    } else {
      out.push(e);
    }
  }
  return out;
}
