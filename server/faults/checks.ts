/**
 * The fault scenarios both store backends run against real server processes: duplicate resumes of
 * one pause, and streams dropped mid-run and picked up on the reconnect route. Not a test file.
 */
import { expect } from 'vitest';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { Store } from '../store/index.js';
import { readFrames } from '../test-helpers.js';
import { joinDeltas, replayOf, storedSeqs } from '../test-support/replay.js';
import { SseReader, mcpText, readEvents, replyOf, type Client, type Paused } from './harness.js';

/** 40 words: at the slow surface's word delay, a stream of about a third of a second. */
export const LONG_TEXT = Array.from({ length: 40 }, (_, i) => `word${i + 1}`).join(' ');

/** Parses a whole SSE body, checking every frame against the wire schema and the seqs for gaps. */
export async function framesOf(text: string): Promise<StreamEvent[]> {
  const res = new Response(text, { headers: { 'content-type': 'text/event-stream' } });
  return (await readFrames(res)).map((f) => f.data);
}

/** `[from, from + 1, …, to]`. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/**
 * Sends `n` identical resumes of one pause at once, spread round-robin over `clients` (several
 * server instances), and checks that exactly one was taken (200) and the rest refused (409
 * `execution_not_awaiting`); that the winner's stream ran one model step; and that the store holds
 * that one continuation, seq-contiguous, with the tool result once in the session transcript.
 */
export async function expectOneOfManyResumes(
  store: Store,
  clients: readonly Client[],
  paused: Paused,
  n: number,
): Promise<StreamEvent[]> {
  const marker = `cart has ${n} racing resumes`;
  const results = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const res = await clients[i % clients.length]!.resume(paused.sessionId, paused.executionId, {
        [paused.toolCallId]: mcpText(marker),
      });
      return { status: res.status, text: await res.text() };
    }),
  );
  const ok = results.filter((r) => r.status === 200);
  const refused = results.filter((r) => r.status === 409);
  const other = results
    .filter((r) => r.status !== 200 && r.status !== 409)
    .map((r) => `${r.status} ${r.text.slice(0, 200)}`);
  expect({ ok: ok.length, refused: refused.length, other }).toEqual({ ok: 1, refused: n - 1, other: [] });
  for (const r of refused) expect((JSON.parse(r.text) as { error: string }).error).toBe('execution_not_awaiting');

  const continuation = await framesOf(ok[0]!.text);
  const kinds = continuation.map((e) => e.type);
  expect(kinds.filter((k) => k === 'turn_start')).toHaveLength(1);
  expect(kinds[0]).toBe('tool_complete');
  expect(kinds.at(-1)).toBe('execution_complete');
  expect(replyOf(continuation)).toContain(marker);

  const stored = await replayOf(store, paused.executionId);
  const streamed = [...paused.events, ...continuation];
  expect(await storedSeqs(store, paused.executionId)).toEqual(range(1, streamed.length));
  expect(joinDeltas(stored)).toEqual(joinDeltas(streamed));
  expect(stored.filter((e) => e.type === 'turn_start').map((e) => (e as { iteration: number }).iteration)).toEqual([
    1, 2,
  ]);
  expect(stored.filter((e) => e.type === 'tool_complete')).toHaveLength(1);
  expect(await store.getRun(paused.executionId)).toMatchObject({
    status: 'completed',
    seq: streamed.length,
    pending: [],
  });
  const transcript = (await store.getSession(paused.sessionId))!.transcript;
  expect(transcript.filter((m) => m.role === 'tool' && m.toolCallId === paused.toolCallId)).toHaveLength(1);
  return continuation;
}

/**
 * Reads a stream, dropping the connection after `drops[0]` frames, reconnecting after the last
 * `seq` it got (after a short pause, while the run goes on without a reader), dropping again
 * after `drops[1]` frames, … and finally reading the last reconnect to its end. Returns what each
 * connection delivered.
 */
export async function readWithDrops(
  open: (signal: AbortSignal) => Promise<Response>,
  reconnect: (executionId: string, after: number, signal: AbortSignal) => Promise<Response>,
  drops: readonly number[],
  { firstSeq = 1, pauseMs = 40 }: { firstSeq?: number; pauseMs?: number } = {},
): Promise<StreamEvent[][]> {
  const parts: StreamEvent[][] = [];
  let last = firstSeq - 1;
  let executionId = '';
  for (const [i, take] of drops.entries()) {
    const controller = new AbortController();
    const reader = new SseReader(
      await (i === 0 ? open(controller.signal) : reconnect(executionId, last, controller.signal)),
    );
    const part: StreamEvent[] = [];
    while (part.length < take) {
      const event = await reader.next();
      if (!event) throw new Error(`connection ${i + 1} ended after ${part.length} of ${take} frames: drop earlier`);
      part.push(event);
    }
    controller.abort(); // the client goes away mid-stream
    await reader.cancel();
    parts.push(part);
    last = part.at(-1)?.seq ?? last;
    executionId ||= part[0]?.executionId ?? '';
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  parts.push(await readEvents(await reconnect(executionId, last, new AbortController().signal)));
  return parts;
}

/**
 * Checks that the pieces of a dropped-and-reconnected stream add up to `reference` (the same
 * request read without interruption): the same event types in the same order and the same text,
 * seqs contiguous from `firstSeq`, nothing repeated, one execution, and a real remainder after
 * the first drop (the run had not finished when the client went away).
 */
export function expectSameStream(
  parts: readonly StreamEvent[][],
  reference: readonly StreamEvent[],
  firstSeq = 1,
): void {
  const all = parts.flat();
  // A reconnect served from the store sends each stored run of text deltas as one frame: compare
  // with runs of deltas joined; seqs still rise from `firstSeq` to the reference's last.
  expect(all[0]?.seq).toBe(firstSeq);
  expect(all.every((e, i) => i === 0 || e.seq > all[i - 1]!.seq)).toBe(true);
  expect(all.at(-1)?.seq).toBe(reference.at(-1)?.seq);
  expect(joinDeltas(all).map((e) => e.type)).toEqual(joinDeltas(reference).map((e) => e.type));
  expect(replyOf(all)).toBe(replyOf(reference));
  expect(new Set(all.map((e) => e.executionId)).size).toBe(1);
  expect(all.at(-1)!.seq - parts[0]!.at(-1)!.seq).toBeGreaterThan(5);
  expect(all.at(-1)?.type).toBe(reference.at(-1)?.type);
}

/** A run on `client` that pauses on `get_cart` and the continuation stream of its resume with `text`. */
export async function pauseAndResume(
  client: Client,
  text: string,
): Promise<{ paused: Paused; continuation: StreamEvent[] }> {
  const paused = await client.pause();
  const continuation = await readEvents(
    await client.resume(paused.sessionId, paused.executionId, { [paused.toolCallId]: mcpText(text) }),
  );
  return { paused, continuation };
}
