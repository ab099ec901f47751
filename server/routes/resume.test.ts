import { describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createOfflineModel } from '../models/offline/index.js';
import type { ModelAdapter, ModelEvent } from '../models/types.js';
import type { MemoryStore } from '../store/index.js';
import { storedSeqs } from '../test-support/replay.js';
import {
  GET_CART,
  SEARCH_PRODUCTS,
  expectError,
  init,
  makeApp,
  ofType,
  readFrames,
  replyText,
  resume,
  say,
  types,
  type Frame,
} from '../test-helpers.js';

const MUG_RESULT = '{"count":1,"results":[{"name":"Classic White Mug"}]}';
const TOOLS = [SEARCH_PRODUCTS, GET_CART];

/**
 * An app whose model counts how many steps it was asked for. `network`: the offline model reports
 * itself as one elsewhere (a request that costs), which a resume makes only once it holds its claim.
 */
function countingApp(
  patch?: (c: Record<string, any>) => void,
  network = false,
): { app: Hono; store: MemoryStore; steps: () => number } {
  let steps = 0;
  const createModel = (): ModelAdapter => {
    const inner = createOfflineModel();
    return {
      info: network ? { ...inner.info, offline: false } : inner.info,
      stream(request) {
        steps += 1;
        return inner.stream(request);
      },
    };
  };
  const { app, store } = makeApp({ createModel, ...(patch ? { patch } : {}) });
  return { app, store, steps: () => steps };
}

/** Opens a session and sends `text` with the shop tools; returns the paused stream. */
async function pause(app: Hono, text = '/tool search_products {"query":"mug"}') {
  const sessionId = await init(app);
  const frames = await readFrames(await say(app, sessionId, text, { clientTools: TOOLS }));
  const executionId = frames[0]!.data.executionId;
  return { sessionId, executionId, frames, awaits: ofType(frames, 'await') };
}

/** Asserts that a continuation follows a paused stream: same execution, seq carries on. */
function expectContinuation(paused: readonly Frame[], next: readonly Frame[]): void {
  expect(next[0]!.data.executionId).toBe(paused[0]!.data.executionId);
  expect(next[0]!.data.seq).toBe(paused.at(-1)!.data.seq + 1);
  expect(types(next)).not.toContain('execution_start');
}

describe('pause', () => {
  it('ends the stream at the await, after persisting the run as awaiting', async () => {
    const { app, store } = makeApp();
    const { executionId, frames, awaits } = await pause(app);
    expect(types(frames)).toEqual(['execution_start', 'turn_start', 'tool_start', 'await']);
    expect(types(frames)).not.toContain('turn_complete');
    expect(types(frames)).not.toContain('execution_complete');
    const start = ofType(frames, 'tool_start')[0]!;
    expect(start).toMatchObject({ toolName: 'search_products', toolType: 'client', parameters: { query: 'mug' } });
    expect(awaits).toHaveLength(1);
    const wait = awaits[0]!;
    expect(wait).toMatchObject({ toolName: 'search_products', origin: 'webmcp', parameters: { query: 'mug' } });
    expect(wait.toolCallId).toBe(start.toolCallId);
    expect(wait.toolCallId).toBeTruthy();
    expect(Number.isNaN(Date.parse(wait.awaitedAt))).toBe(false);

    const run = (await store.getRun(executionId))!;
    expect(run.status).toBe('awaiting');
    expect(run.pending).toEqual([
      {
        toolCallId: wait.toolCallId,
        canonicalName: 'webmcp:search_products',
        bareName: 'search_products',
        providerName: 'webmcp__search_products',
        parameters: { query: 'mug' },
      },
    ]);
    // the stored record knows every seq already written, so a continuation cannot reuse one
    expect(run.seq).toBe(frames.at(-1)!.data.seq);
  });

  it('routes plain words to a matching tool', async () => {
    const { app } = makeApp();
    const { awaits } = await pause(app, 'find me a mug');
    expect(awaits.map((a) => a.toolName)).toEqual(['search_products']);
    expect(awaits[0]!.parameters).toMatchObject({ query: expect.stringMatching(/mug/) });
  });

  it('stores the run as awaiting, with its await frames, before the client sees one', async () => {
    const { app, store } = makeApp();
    // The commit is held for a few event-loop turns: a frame pushed before it would reach the reader meanwhile.
    let committed = false;
    const commit = store.commitSegment.bind(store);
    store.commitSegment = async (c) => {
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      const ok = await commit(c);
      committed = ok;
      return ok;
    };
    const sessionId = await init(app);
    const res = await say(app, sessionId, '/tool search_products {"query":"mug"}', { clientTools: TOOLS });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    let seenAt: { committed: boolean; status: string | undefined } | undefined;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += chunk.value;
      if (!seenAt && text.includes('event: await')) {
        const executionId = (JSON.parse(/data: (.*)/.exec(text)![1]!) as { executionId: string }).executionId;
        seenAt = { committed, status: (await store.getRun(executionId))?.status };
      }
    }
    expect(seenAt).toEqual({ committed: true, status: 'awaiting' });
  });
});

describe('POST /v1/client/resume', () => {
  it('continues with an MCP-form output: same execution, tool_complete, a later turn, the result in the reply', async () => {
    const { app, store, steps } = countingApp();
    const { sessionId, executionId, frames, awaits } = await pause(app);
    const toolCallId = awaits[0]!.toolCallId;
    const res = await resume(app, {
      sessionId,
      executionId,
      toolOutputs: { [toolCallId]: { content: [{ type: 'text', text: MUG_RESULT }] } },
    });
    const next = await readFrames(res);
    expectContinuation(frames, next);
    expect(types(next).filter((t) => t !== 'text_delta')).toEqual([
      'tool_complete',
      'turn_start',
      'text_start',
      'text_complete',
      'turn_complete',
      'execution_complete',
    ]);
    expect(ofType(next, 'tool_complete')[0]).toMatchObject({
      toolCallId,
      toolName: 'search_products',
      result: MUG_RESULT,
      success: true,
    });
    expect(ofType(next, 'tool_complete')[0]!.error).toBeUndefined();
    expect(ofType(next, 'turn_start')[0]!.iteration).toBeGreaterThan(ofType(frames, 'turn_start')[0]!.iteration);
    expect(replyText(next)).toContain('Classic White Mug');
    expect(ofType(next, 'execution_complete')[0]).toMatchObject({ success: true });
    expect(steps()).toBe(2);

    const run = (await store.getRun(executionId))!;
    expect(run.status).toBe('completed');
    expect(run.pending).toEqual([]);
    // the whole execution, across the pause, is one gap-free sequence in the store
    expect(await storedSeqs(store, executionId)).toEqual([...frames, ...next].map((_, i) => i + 1));
    expect([...frames, ...next].map((f) => f.data.seq)).toEqual([...frames, ...next].map((_, i) => i + 1));
    const transcript = (await store.getSession(sessionId))!.transcript;
    expect(transcript.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(transcript[2]).toMatchObject({ role: 'tool', content: MUG_RESULT, isError: false });
  });

  it('accepts the {result} form', async () => {
    const { app } = makeApp();
    const { sessionId, executionId, frames, awaits } = await pause(app);
    const result = { count: 1, results: [{ name: 'Classic White Mug' }] };
    const next = await readFrames(
      await resume(app, { sessionId, executionId, toolOutputs: { [awaits[0]!.toolCallId]: { result } } }),
    );
    expectContinuation(frames, next);
    expect(ofType(next, 'tool_complete')[0]).toMatchObject({ success: true, result: JSON.stringify(result) });
    expect(replyText(next)).toContain('Classic White Mug');
    expect(types(next).at(-1)).toBe('execution_complete');
  });

  it('accepts the {error} form and the reply reports the failure', async () => {
    const { app } = makeApp();
    const { sessionId, executionId, awaits } = await pause(app);
    const next = await readFrames(
      await resume(app, {
        sessionId,
        executionId,
        toolOutputs: { [awaits[0]!.toolCallId]: { error: 'Catalog offline' } },
      }),
    );
    expect(ofType(next, 'tool_complete')[0]).toMatchObject({ success: false, error: 'Catalog offline' });
    expect(replyText(next)).toMatch(/search_products failed/);
    expect(replyText(next)).toContain('Catalog offline');
    expect(types(next).at(-1)).toBe('execution_complete');
  });

  it('treats an MCP output with isError as a failure', async () => {
    const { app } = makeApp();
    const { sessionId, executionId, awaits } = await pause(app);
    const next = await readFrames(
      await resume(app, {
        sessionId,
        executionId,
        toolOutputs: { [awaits[0]!.toolCallId]: { content: [{ type: 'text', text: 'bad query' }], isError: true } },
      }),
    );
    expect(ofType(next, 'tool_complete')[0]).toMatchObject({ success: false, error: 'bad query' });
    expect(replyText(next)).toMatch(/failed/);
  });

  it('accepts outputs keyed by tool name when one call is pending', async () => {
    const { app } = makeApp();
    const { sessionId, executionId, awaits } = await pause(app);
    const next = await readFrames(
      await resume(app, {
        sessionId,
        executionId,
        toolOutputs: { search_products: { content: [{ type: 'text', text: MUG_RESULT }] } },
      }),
    );
    expect(ofType(next, 'tool_complete')[0]).toMatchObject({ toolCallId: awaits[0]!.toolCallId, success: true });
    expect(replyText(next)).toContain('Classic White Mug');
  });

  it('pauses once for parallel calls and takes both outputs in one resume', async () => {
    const { app, store } = makeApp();
    const { sessionId, executionId, frames, awaits } = await pause(
      app,
      '/tool search_products {"query":"mug"}\n/tool get_cart {}',
    );
    expect(types(frames)).toEqual(['execution_start', 'turn_start', 'tool_start', 'tool_start', 'await', 'await']);
    expect(awaits.map((a) => a.toolName)).toEqual(['search_products', 'get_cart']);
    expect(new Set(awaits.map((a) => a.toolCallId)).size).toBe(2);
    expect((await store.getRun(executionId))!.pending).toHaveLength(2);

    const [search, cart] = awaits;
    const next = await readFrames(
      await resume(app, {
        sessionId,
        executionId,
        toolOutputs: {
          [cart!.toolCallId]: { content: [{ type: 'text', text: '{"items":[],"total":0}' }] },
          [search!.toolCallId]: { content: [{ type: 'text', text: MUG_RESULT }] },
        },
      }),
    );
    expectContinuation(frames, next);
    const completes = ofType(next, 'tool_complete');
    expect(completes.map((c) => c.toolCallId).sort()).toEqual([search!.toolCallId, cart!.toolCallId].sort());
    expect(completes.every((c) => c.success)).toBe(true);
    expect(replyText(next)).toContain('Classic White Mug');
    expect(replyText(next)).toMatch(/total: \$?0\.00/);
    expect(types(next).at(-1)).toBe('execution_complete');
  });

  it('gives a missing output a synthetic error and still completes the run', async () => {
    const { app, store } = makeApp();
    const { sessionId, executionId, awaits } = await pause(
      app,
      '/tool search_products {"query":"mug"}\n/tool get_cart {}',
    );
    const [search, cart] = awaits;
    const next = await readFrames(
      await resume(app, {
        sessionId,
        executionId,
        toolOutputs: { [search!.toolCallId]: { content: [{ type: 'text', text: MUG_RESULT }] } },
      }),
    );
    const completes = ofType(next, 'tool_complete');
    expect(completes.find((c) => c.toolCallId === search!.toolCallId)).toMatchObject({ success: true });
    expect(completes.find((c) => c.toolCallId === cart!.toolCallId)).toMatchObject({
      success: false,
      error: expect.stringMatching(/No output/),
    });
    expect(replyText(next)).toMatch(/No output was submitted for get_cart/);
    expect(types(next).at(-1)).toBe('execution_complete');
    expect((await store.getRun(executionId))!.status).toBe('completed');
  });

  it('gives every pending call a synthetic error when toolOutputs is empty', async () => {
    const { app } = makeApp();
    const { sessionId, executionId } = await pause(app);
    const next = await readFrames(await resume(app, { sessionId, executionId, toolOutputs: {} }));
    expect(ofType(next, 'tool_complete')[0]).toMatchObject({ success: false });
    expect(types(next).at(-1)).toBe('execution_complete');
  });

  it('refuses an unknown output id with 400 and leaves the pause resumable', async () => {
    const { app, store } = makeApp();
    const { sessionId, executionId, awaits } = await pause(app);
    const body = await expectError(
      resume(app, { sessionId, executionId, toolOutputs: { call_bogus: { result: 1 } } }),
      400,
      'unknown_tool_call',
    );
    expect(body.hint).toContain('call_bogus');
    // a tool name is not accepted when it is not the pending one
    await expectError(
      resume(app, { sessionId, executionId, toolOutputs: { get_cart: { result: 1 } } }),
      400,
      'unknown_tool_call',
    );
    expect((await store.getRun(executionId))!.status).toBe('awaiting');
    const next = await readFrames(
      await resume(app, { sessionId, executionId, toolOutputs: { [awaits[0]!.toolCallId]: { result: 'ok' } } }),
    );
    expect(types(next).at(-1)).toBe('execution_complete');
  });

  it('does not key by tool name when several calls are pending', async () => {
    const { app } = makeApp();
    const { sessionId, executionId } = await pause(app, '/tool search_products {"query":"mug"}\n/tool get_cart {}');
    await expectError(
      resume(app, { sessionId, executionId, toolOutputs: { get_cart: { result: 1 } } }),
      400,
      'unknown_tool_call',
    );
  });

  it('refuses malformed outputs with 400 invalid_request', async () => {
    const { app } = makeApp();
    const { sessionId, executionId, awaits } = await pause(app);
    await expectError(
      resume(app, { sessionId, executionId, toolOutputs: { [awaits[0]!.toolCallId]: 'just text' } }),
      400,
      'invalid_request',
    );
    await expectError(
      resume(app, { sessionId, executionId, toolOutputs: { [awaits[0]!.toolCallId]: { error: 42 } } }),
      400,
      'invalid_request',
    );
  });

  it('answers 404 for another session’s execution or an unknown one', async () => {
    const { app, store } = makeApp();
    const { executionId, awaits } = await pause(app);
    const intruder = await init(app);
    const toolOutputs = { [awaits[0]!.toolCallId]: { result: 'stolen' } };
    await expectError(resume(app, { sessionId: intruder, executionId, toolOutputs }), 404, 'execution_not_found');
    await expectError(
      resume(app, { sessionId: intruder, executionId: 'exec_nope', toolOutputs }),
      404,
      'execution_not_found',
    );
    expect((await store.getRun(executionId))!.status).toBe('awaiting');
  });

  it('checks the session and origin like chat does', async () => {
    const { app } = makeApp();
    const { sessionId, executionId, awaits } = await pause(app);
    const toolOutputs = { [awaits[0]!.toolCallId]: { result: 'x' } };
    await expectError(resume(app, { sessionId: 'cs_nope', executionId, toolOutputs }), 401, 'session_not_found');
    await expectError(
      resume(app, { sessionId, executionId, toolOutputs }, { origin: 'http://evil.test' }),
      403,
      'origin_not_allowed',
    );
  });

  it('answers a second resume of the same pause with 409 and never runs the model twice', async () => {
    const { app, steps } = countingApp();
    const { sessionId, executionId, awaits } = await pause(app);
    const toolOutputs = { [awaits[0]!.toolCallId]: { content: [{ type: 'text', text: MUG_RESULT }] } };
    const first = await readFrames(await resume(app, { sessionId, executionId, toolOutputs }));
    expect(ofType(first, 'turn_start')).toHaveLength(1);
    expect(steps()).toBe(2);
    await expectError(resume(app, { sessionId, executionId, toolOutputs }), 409, 'execution_not_awaiting');
    await expectError(
      resume(app, { sessionId, executionId, toolOutputs: { search_products: { result: 'again' } } }),
      409,
      'execution_not_awaiting',
    );
    expect(steps()).toBe(2);
  });

  for (const network of [true, false]) {
    it(`lets exactly one of 20 concurrent resumes of one pause through (${network ? 'network' : 'offline'} model)`, async () => {
      const { app, store, steps } = countingApp(undefined, network);
      const { sessionId, executionId, awaits } = await pause(app);
      const toolOutputs = { [awaits[0]!.toolCallId]: { content: [{ type: 'text', text: MUG_RESULT }] } };
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => resume(app, { sessionId, executionId, toolOutputs })),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      const winner = responses.find((r) => r.status === 200)!;
      const next = await readFrames(winner);
      expect(ofType(next, 'turn_start')).toHaveLength(1);
      expect(types(next).at(-1)).toBe('execution_complete');
      // A model elsewhere is asked only by the resume holding the claim; the offline model may
      // answer a losing resume too, which then stores and shows nothing.
      if (network) expect(steps()).toBe(2);
      else expect(steps()).toBeGreaterThanOrEqual(2);
      const events = await store.listEvents(executionId, 0);
      expect(events.filter((e) => e.type === 'tool_complete')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'execution_complete')).toHaveLength(1);
      const transcript = (await store.getSession(sessionId))!.transcript;
      expect(transcript.filter((m) => m.role === 'tool')).toHaveLength(1);
      expect(transcript.filter((m) => m.role === 'assistant' && !m.toolCalls)).toHaveLength(1);
    });
  }

  it('answers 410 execution_expired once the pause outlived runs.pausedTtlMinutes, and again after', async () => {
    const { app, store, steps } = countingApp((c) => (c.runs = { pausedTtlMinutes: 5 }));
    const { sessionId, executionId, awaits } = await pause(app);
    const run = (await store.getRun(executionId))!;
    run.pausedAt = new Date(Date.now() - 5 * 60_000 - 1000).toISOString();
    await store.saveRun(run);
    const toolOutputs = { [awaits[0]!.toolCallId]: { result: 'late' } };
    await expectError(resume(app, { sessionId, executionId, toolOutputs }), 410, 'execution_expired');
    expect((await store.getRun(executionId))!.status).toBe('expired');
    // an expired run says so every time, whether this check or the sweep expired it
    await expectError(resume(app, { sessionId, executionId, toolOutputs }), 410, 'execution_expired');
    expect(steps()).toBe(1);
  });

  it('resumes a pause still inside runs.pausedTtlMinutes', async () => {
    const { app, store } = makeApp({ patch: (c) => (c.runs = { pausedTtlMinutes: 5 }) });
    const { sessionId, executionId, awaits } = await pause(app);
    const run = (await store.getRun(executionId))!;
    run.pausedAt = new Date(Date.now() - 4 * 60_000).toISOString();
    await store.saveRun(run);
    const next = await readFrames(
      await resume(app, { sessionId, executionId, toolOutputs: { [awaits[0]!.toolCallId]: { result: 'in time' } } }),
    );
    expect(types(next).at(-1)).toBe('execution_complete');
  });

  it('re-admits tools sent with a resume through the surface policy', async () => {
    const { app, store } = makeApp({
      patch: (c) => (c.surfaces.storefront.behavior.webmcp.allowlist = [{ origin: '*', tools: ['search_*'] }]),
    });
    const { sessionId, executionId, awaits } = await pause(app);
    expect((await store.getRun(executionId))!.tools.map((t) => t.name)).toEqual(['search_products']);
    const next = await readFrames(
      await resume(app, {
        sessionId,
        executionId,
        toolOutputs: { [awaits[0]!.toolCallId]: { result: 'r' } },
        clientTools: [GET_CART, SEARCH_PRODUCTS],
      }),
    );
    expect(types(next).at(-1)).toBe('execution_complete');
    expect((await store.getRun(executionId))!.tools.map((t) => t.name)).toEqual(['search_products']);
  });
});

describe('a run that pauses more than once', () => {
  /** A model that calls search_products until it has two results, then answers. */
  const twoSearches = (): ModelAdapter => ({
    info: { id: 'scripted', label: 'Scripted test model', offline: true },
    async *stream(request): AsyncGenerator<ModelEvent> {
      const results = request.messages.filter((m) => m.role === 'tool').length;
      if (results < 2) {
        const id = `call_search_${results}`;
        yield { type: 'tool-call-start', id, name: 'webmcp__search_products' };
        yield { type: 'tool-call', id, name: 'webmcp__search_products', arguments: `{"query":"q${results}"}` };
        yield { type: 'finish', reason: 'tool_calls' };
        return;
      }
      yield { type: 'text-delta', delta: 'both searches done' };
      yield { type: 'finish', reason: 'stop' };
    },
  });

  it('pauses again in the continuation, with seqs and iterations carrying on', async () => {
    const { app } = makeApp({ createModel: twoSearches });
    const { sessionId, executionId, frames, awaits } = await pause(app);
    expect(awaits[0]!.parameters).toEqual({ query: 'q0' });
    const second = await readFrames(
      await resume(app, { sessionId, executionId, toolOutputs: { call_search_0: { result: 'r0' } } }),
    );
    expectContinuation(frames, second);
    expect(types(second)).toEqual(['tool_complete', 'turn_start', 'tool_start', 'await']);
    expect(ofType(second, 'turn_start')[0]!.iteration).toBe(2);
    expect(ofType(second, 'await')[0]).toMatchObject({ toolCallId: 'call_search_1', parameters: { query: 'q1' } });
    const third = await readFrames(
      await resume(app, { sessionId, executionId, toolOutputs: { call_search_1: { result: 'r1' } } }),
    );
    expectContinuation(second, third);
    expect(ofType(third, 'turn_start')[0]!.iteration).toBe(3);
    expect(replyText(third)).toBe('both searches done');
    expect(types(third).at(-1)).toBe('execution_complete');
  });

  it('answers a repeated resume of an earlier pause with 409, not as a new answer', async () => {
    const { app, store } = makeApp({ createModel: twoSearches });
    const { sessionId, executionId } = await pause(app);
    const first = { sessionId, executionId, toolOutputs: { call_search_0: { result: 'r0' } } };
    await readFrames(await resume(app, first));
    expect((await store.getRun(executionId))!.status).toBe('awaiting'); // paused again, on call_search_1
    await expectError(resume(app, first), 409, 'execution_not_awaiting');
    expect((await store.getRun(executionId))!.pending.map((p) => p.toolCallId)).toEqual(['call_search_1']);
  });
});

describe('the step limit', () => {
  it('gives the model one last step, without tools, to answer from results it asked for on its last step', async () => {
    const { app, steps } = countingApp((c) => {
      c.agents.shop.maxSteps = 1;
    });
    const { sessionId, executionId, frames, awaits } = await pause(app);
    const next = await readFrames(
      await resume(app, {
        sessionId,
        executionId,
        toolOutputs: { [awaits[0]!.toolCallId]: { content: [{ type: 'text', text: MUG_RESULT }] } },
      }),
    );
    expectContinuation(frames, next);
    expect(replyText(next)).toContain('Classic White Mug');
    const complete = ofType(next, 'execution_complete')[0]!;
    expect(complete.stopReason).toBe('max_steps');
    expect(ofType(next, 'turn_start')[0]!.iteration).toBe(2);
    expect(steps()).toBe(2);
  });
});
