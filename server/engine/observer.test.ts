import { describe, expect, it, vi } from 'vitest';
import { createOfflineModel } from '../models/offline/index.js';
import { MemoryStore, type SessionRecord } from '../store/index.js';
import { tool } from '../test-helpers.js';
import { Engine } from './engine.js';
import type { FinishedCalls, StartedCalls } from './observer.js';

const session = (): SessionRecord => ({
  id: 'cs_obs',
  surfaceId: 'storefront',
  token: 'ct_test_demo',
  origin: 'http://localhost:5173',
  createdAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
  transcript: [],
  toolSets: {},
});

async function drain(events: AsyncIterable<{ type: string }>): Promise<string[]> {
  const types: string[] = [];
  for await (const e of events) types.push(e.type);
  return types;
}

describe('run observer', () => {
  it('is told of each pause and resume, and a throwing observer never reaches the run', async () => {
    const store = new MemoryStore();
    await store.saveSession(session());
    const started: StartedCalls[] = [];
    const finished: FinishedCalls[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const engine = new Engine(store, {
      callsStarted: (g) => {
        started.push(structuredClone(g));
        throw new Error('observer down');
      },
      callsFinished: (g) => {
        finished.push(structuredClone(g));
        throw new Error('observer down');
      },
    });
    const agent = { id: 'shop', model: createOfflineModel(), maxSteps: 8 };
    const { run, events } = await engine.start({
      session: (await store.getSession('cs_obs'))!,
      agent,
      userText: '/tool a {}\n/tool b {}',
      tools: [tool('a'), tool('b')],
    });
    expect((await drain(events.follow(0))).filter((t) => t === 'await')).toHaveLength(2);
    expect(started).toEqual([
      {
        surfaceId: 'storefront',
        sessionId: 'cs_obs',
        executionId: run.id,
        groupId: expect.stringMatching(/^grp_/),
        at: expect.any(String),
        calls: expect.any(Array),
      },
    ]);
    expect(started[0]!.calls.map((c) => c.bareName)).toEqual(['a', 'b']);

    const paused = (await store.getRun(run.id))!;
    expect(paused.calls).toEqual({
      [paused.pending[0]!.toolCallId]: { name: 'a', groupId: started[0]!.groupId, kind: 'webmcp' },
      [paused.pending[1]!.toolCallId]: { name: 'b', groupId: started[0]!.groupId, kind: 'webmcp' },
    });
    const claimed = (await store.claimRun(run.id, paused.version))!;
    const outputs = new Map(
      paused.pending.map((p) => [p.toolCallId, { text: `${p.bareName} ok`, isError: p.bareName === 'b' }]),
    );
    const types = await drain((await engine.resume({ run: claimed, agent, outputs })).follow(0));
    expect(types.at(-1)).toBe('execution_complete');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ groupId: started[0]!.groupId, executionId: run.id });
    expect(finished[0]!.calls.map((c) => [c.bareName, c.text, c.isError])).toEqual([
      ['a', 'a ok', false],
      ['b', 'b ok', true],
    ]);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();

    // The session keeps each message's time and each call's name, group and duration.
    const saved = (await store.getSession('cs_obs'))!;
    expect(saved.transcript.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant']);
    expect(saved.messageTimes).toHaveLength(5);
    expect(saved.messageTimes!.every((t) => typeof t === 'string')).toBe(true);
    expect(Object.values(saved.calls!)).toEqual([
      { name: 'a', groupId: started[0]!.groupId, durationMs: finished[0]!.calls[0]!.durationMs, kind: 'webmcp' },
      { name: 'b', groupId: started[0]!.groupId, durationMs: finished[0]!.calls[0]!.durationMs, kind: 'webmcp' },
    ]);
  });
});
