import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import { type MemoryStore } from '../store/index.js';
import {
  ORIGIN,
  SEARCH_PRODUCTS,
  expectError,
  init,
  makeApp,
  ofType,
  readFrames,
  reconnect,
  resume,
  say,
  types,
} from '../test-helpers.js';
import { FrameReader, gatedModel } from '../test-support/streams.js';
import { joinDeltas, replayOf } from '../test-support/replay.js';

const seqs = (events: readonly StreamEvent[]) => events.map((e) => e.seq);
const kinds = (events: readonly StreamEvent[]) => events.map((e) => e.type);
/** Stored text deltas are joined per flush, so a replay is compared with runs of deltas joined. */
const joined = (events: readonly StreamEvent[]) => joinDeltas(events);
const rising = (events: readonly StreamEvent[]) => seqs(events).every((s, i, all) => i === 0 || s > all[i - 1]!);

/** A session whose run is held by a gated model after its first text delta (seq 4). */
async function heldRun(options: { store?: MemoryStore } = {}) {
  const gate = gatedModel();
  const { app, store } = makeApp({ createModel: gate.createModel, ...options });
  const sessionId = await init(app);
  const chat = new FrameReader(await say(app, sessionId, 'hello'));
  await gate.waiting;
  return { app, store, sessionId, chat, gate };
}

describe('POST /v1/client/stream: replay', () => {
  it('replays a completed execution after any seq, and nothing after the last', async () => {
    const { app, store } = makeApp();
    const sessionId = await init(app);
    const original = (await readFrames(await say(app, sessionId, '/echo hello world'))).map((f) => f.data);
    const executionId = original[0]!.executionId;
    const replay = (await readFrames(await reconnect(app, { sessionId, executionId, after: 0 }))).map((f) => f.data);
    expect(joined(replay)).toEqual(joined(original));
    // Every cut, also one inside a stored run of deltas, gives exactly the rest.
    for (let after = 1; after < original.length; after++) {
      const tail = await readFrames(await reconnect(app, { sessionId, executionId, after }));
      expect(joined(tail.map((f) => f.data))).toEqual(joined(original.slice(after)));
    }
    const none = await new FrameReader(
      await reconnect(app, { sessionId, executionId, after: original.at(-1)!.seq }),
    ).rest();
    expect(none).toEqual([]);
    // the saved record knows the final seq, so a follower on another instance knows when it has everything
    expect((await store.getRun(executionId))!.seq).toBe(original.at(-1)!.seq);
  });

  it('replays from the start when `after` is absent, or from a numeric Last-Event-ID', async () => {
    const { app } = makeApp();
    const sessionId = await init(app);
    const original = (await readFrames(await say(app, sessionId, '/echo a b c'))).map((f) => f.data);
    const executionId = original[0]!.executionId;
    expect(seqs(joined(await new FrameReader(await reconnect(app, { sessionId, executionId })).rest()))).toEqual(
      seqs(joined(original)),
    );
    const res = await app.request('/v1/client/stream', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json', 'last-event-id': '5' },
      body: JSON.stringify({ sessionId, executionId }),
    });
    expect(seqs(joined(await new FrameReader(res).rest()))).toEqual(seqs(joined(original.filter((e) => e.seq > 5))));
  });

  it('ends a replay of a paused run at its last await, and sends nothing more after it', async () => {
    const { app } = makeApp();
    const sessionId = await init(app);
    const paused = (
      await readFrames(
        await say(app, sessionId, '/tool search_products {"query":"mug"}', { clientTools: [SEARCH_PRODUCTS] }),
      )
    ).map((f) => f.data);
    expect(kinds(paused).at(-1)).toBe('await');
    const executionId = paused[0]!.executionId;
    expect(await new FrameReader(await reconnect(app, { sessionId, executionId, after: 1 })).rest()).toEqual(
      paused.slice(1),
    );
    expect(
      await new FrameReader(await reconnect(app, { sessionId, executionId, after: paused.at(-1)!.seq })).rest(),
    ).toEqual([]);
  });

  it('replays a whole execution across its pause and resume', async () => {
    const { app } = makeApp();
    const sessionId = await init(app);
    const pausedFrames = await readFrames(
      await say(app, sessionId, '/tool search_products {"query":"mug"}', { clientTools: [SEARCH_PRODUCTS] }),
    );
    const paused = pausedFrames.map((f) => f.data);
    const executionId = paused[0]!.executionId;
    const toolCallId = ofType(pausedFrames, 'await')[0]!.toolCallId;
    const next = (
      await readFrames(
        await resume(app, { sessionId, executionId, toolOutputs: { [toolCallId]: { result: 'a mug' } } }),
      )
    ).map((f) => f.data);
    const all = await new FrameReader(await reconnect(app, { sessionId, executionId, after: 0 })).rest();
    expect(joined(all)).toEqual(joined([...paused, ...next]));
    expect(kinds(all).at(-1)).toBe('execution_complete');
  });
});

describe('POST /v1/client/stream: live', () => {
  it('continues live while the run executes in this process, beside the original stream', async () => {
    const { app, sessionId, chat, gate } = await heldRun();
    const first = await chat.take(4);
    expect(kinds(first)).toEqual(['execution_start', 'turn_start', 'text_start', 'text_delta']);
    const executionId = first[0]!.executionId;
    const again = new FrameReader(await reconnect(app, { sessionId, executionId, after: 2 }));
    expect(await again.take(2)).toEqual(first.slice(2));
    gate.open();
    const rest = await again.rest();
    expect(kinds(rest)).toEqual(['text_delta', 'text_complete', 'turn_complete', 'execution_complete']);
    expect(await chat.rest()).toEqual(rest); // two readers of one run see the same events
  });

  it('loses and repeats nothing when a client drops its stream and reconnects with its last seq', async () => {
    for (let dropAfter = 1; dropAfter <= 4; dropAfter++) {
      const { app, store, sessionId, chat, gate } = await heldRun();
      const seen = await chat.take(dropAfter);
      const executionId = seen[0]!.executionId;
      const witness = new FrameReader(await reconnect(app, { sessionId, executionId, after: 0 })); // never interrupted
      await chat.cancel();
      const again = new FrameReader(await reconnect(app, { sessionId, executionId, after: seen.at(-1)!.seq }));
      gate.open();
      const union = [...seen, ...(await again.rest())];
      const uninterrupted = await witness.rest();
      expect(union).toEqual(uninterrupted);
      expect(joined(union)).toEqual(joined(await replayOf(store, executionId)));
      expect(seqs(union)).toEqual(union.map((_, i) => i + 1)); // both from the live hub: one frame per delta
      expect(kinds(union).at(-1)).toBe('execution_complete');
    }
  });

  it('keeps running when the original stream is dropped', async () => {
    const { app, store, sessionId, chat, gate } = await heldRun();
    const [start] = await chat.take(1);
    await chat.cancel();
    gate.open();
    const rest = await new FrameReader(
      await reconnect(app, { sessionId, executionId: start!.executionId, after: 1 }),
    ).rest();
    expect(kinds(rest).at(-1)).toBe('execution_complete');
    expect((await store.getRun(start!.executionId))!.status).toBe('completed');
    expect((await store.getSession(sessionId))!.transcript.at(-1)).toEqual({ role: 'assistant', content: 'one two' });
  });

  it('follows a run executing on another instance by polling the shared store', async () => {
    const { store, sessionId, chat, gate } = await heldRun();
    const first = await chat.take(4);
    const executionId = first[0]!.executionId;
    // Instance B shares the store but not the process: it has no hub for the run.
    const { app: other } = makeApp({ store, follow: { pollMs: 5 } });
    const remote = new FrameReader(await reconnect(other, { sessionId, executionId, after: 1 }));
    expect(await remote.take(3)).toEqual(first.slice(1));
    gate.open();
    const rest = await remote.rest();
    expect(kinds(rest)).toEqual(['text_delta', 'text_complete', 'turn_complete', 'execution_complete']);
    expect(joined([...first, ...rest])).toEqual(joined(await replayOf(store, executionId)));
    expect(rising([...first, ...rest])).toBe(true);
  });

  it('gives up polling after the idle timeout, so the client reconnects later', async () => {
    const { store, sessionId, chat, gate } = await heldRun();
    const [start] = await chat.take(1);
    const { app: other } = makeApp({ store, follow: { pollMs: 5, idleTimeoutMs: 40 } });
    const events = await new FrameReader(
      await reconnect(other, { sessionId, executionId: start!.executionId, after: 0 }),
    ).rest();
    expect(kinds(events)).toEqual(['execution_start', 'turn_start', 'text_start', 'text_delta']); // no terminal frame yet
    gate.open();
    expect(kinds(await chat.rest()).at(-1)).toBe('execution_complete');
  });

  it('survives a real dropped TCP connection: the run goes on and a reconnect gets the rest', async () => {
    const gate = gatedModel();
    const { app, store } = makeApp({ createModel: gate.createModel });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const call = (path: string, body: unknown, signal?: AbortSignal) =>
        fetch(base + path, {
          method: 'POST',
          headers: { origin: ORIGIN, 'content-type': 'application/json' },
          body: JSON.stringify(body),
          ...(signal ? { signal } : {}),
        });
      const { sessionId } = (await (await call('/v1/client/init', { token: 'ct_test_demo' })).json()) as {
        sessionId: string;
      };
      const abort = new AbortController();
      const chat = new FrameReader(
        await call('/v1/client/chat', { sessionId, messages: [{ role: 'user', content: 'hi' }] }, abort.signal),
      );
      const seen = await chat.take(3);
      abort.abort();
      await gate.waiting;
      gate.open();
      const rest = await new FrameReader(
        await call('/v1/client/stream', { sessionId, executionId: seen[0]!.executionId, after: 3 }),
      ).rest();
      const union = [...seen, ...rest];
      expect(joined(union)).toEqual(joined(await replayOf(store, seen[0]!.executionId)));
      expect(kinds(union).at(-1)).toBe('execution_complete');
    } finally {
      // fetch keeps idle connections open for seconds; close them rather than wait.
      (server as unknown as { closeAllConnections(): void }).closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('POST /v1/client/stream: access', () => {
  it('checks the session and origin like chat, and the execution’s owner', async () => {
    const { app } = makeApp();
    const sessionId = await init(app);
    const executionId = (await readFrames(await say(app, sessionId, '/echo hi')))[0]!.data.executionId;
    const other = await init(app);
    await expectError(reconnect(app, { sessionId: other, executionId, after: 0 }), 404, 'execution_not_found');
    await expectError(reconnect(app, { sessionId, executionId: 'exec_nope', after: 0 }), 404, 'execution_not_found');
    await expectError(
      reconnect(app, { sessionId, executionId, after: 0 }, { origin: 'http://evil.test' }),
      403,
      'origin_not_allowed',
    );
    await expectError(reconnect(app, { sessionId: 'cs_nope', executionId, after: 0 }), 401, 'session_not_found');
    await expectError(reconnect(app, { sessionId, executionId, after: -1 }), 400, 'invalid_request');
    expect(types(await readFrames(await reconnect(app, { sessionId, executionId, after: 0 })))[0]).toBe(
      'execution_start',
    );
  });
});
