import { describe, expect, it, vi } from 'vitest';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import { createOfflineModel } from '../models/offline/index.js';
import { MemoryStore, type RunRecord, type SessionRecord } from '../store/index.js';
import { Engine } from './engine.js';
import { Takeovers } from './takeover.js';
import type { RunEnd } from './observer.js';

const session = (): SessionRecord => ({
  id: 'cs_t',
  surfaceId: 'storefront',
  token: 'ct_test_demo',
  origin: 'http://localhost:5173',
  createdAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
  transcript: [{ role: 'user', content: 'hello' }],
  messageTimes: [null],
  toolSets: {},
});

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** A run left `running` by a process that died after storing `seqs` frames. */
async function stranded(store: MemoryStore, patch: Partial<RunRecord> = {}): Promise<RunRecord> {
  const run: RunRecord = {
    id: 'exec_t',
    sessionId: 'cs_t',
    surfaceId: 'storefront',
    agentId: 'shop',
    status: 'running',
    iteration: 1,
    seq: 0,
    history: [{ role: 'user', content: 'hello' }],
    transcriptLength: 1,
    pending: [],
    tools: [],
    version: 1,
    createdAt: ago(60_000),
    updatedAt: ago(60_000),
    ...patch,
  };
  await store.saveSession(session());
  await store.saveRun(run);
  const frames: StreamEvent[] = [
    { type: 'execution_start', kind: 'agent', agentId: 'shop', startedAt: run.createdAt, executionId: run.id, seq: 1 },
    { type: 'turn_start', id: 'turn_1', iteration: 1, executionId: run.id, seq: 2 },
  ];
  await store.appendEvents(run.id, frames);
  return run;
}

describe('Takeovers', () => {
  it('ends a stale running run once with server_lost after its last stored frame', async () => {
    const store = new MemoryStore();
    await stranded(store);
    const ended: RunEnd[] = [];
    const observer = { runEnded: (end: RunEnd) => ended.push(end) };
    const takeovers = new Takeovers(store, { heartbeatMs: 1000, isLocal: () => false, observer });
    const [one, two] = await Promise.all([
      takeovers.sweep(),
      new Takeovers(store, { heartbeatMs: 1000, isLocal: () => false, observer }).sweep(),
    ]);
    expect(one + two).toBe(1);
    expect(await takeovers.sweep()).toBe(0);
    const events = await store.listEvents('exec_t', 0);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[2]).toMatchObject({ type: 'execution_error', error: { code: 'server_lost' } });
    expect(await store.getRun('exec_t')).toMatchObject({ status: 'failed', seq: 3, failure: { code: 'server_lost' } });
    // Told once (the log, metrics and webhooks listen), by the instance that won.
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ outcome: 'failed', failure: { code: 'server_lost' } });
  });

  it('leaves a run with a fresh heartbeat, and one running in this process, alone', async () => {
    const store = new MemoryStore();
    await stranded(store);
    await store.heartbeatRun('exec_t', 1, new Date().toISOString());
    expect(await new Takeovers(store, { heartbeatMs: 1000, isLocal: () => false }).sweep()).toBe(0);
    await store.heartbeatRun('exec_t', 1, ago(10_000));
    expect(await new Takeovers(store, { heartbeatMs: 1000, isLocal: (id) => id === 'exec_t' }).sweep()).toBe(0);
    expect(await store.getRun('exec_t')).toMatchObject({ status: 'running', version: 1 });
  });

  it('drops a step whose tool calls have no stored results from what joins the transcript', async () => {
    const store = new MemoryStore();
    await stranded(store, {
      history: [
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'lookup', arguments: {} }] },
      ],
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await new Takeovers(store, { heartbeatMs: 1000, isLocal: () => false }).sweep();
    expect((await store.getSession('cs_t'))!.transcript).toEqual([{ role: 'user', content: 'hello' }]);
  });
});

/** A run started on a fresh store whose model step waits a minute, with heartbeats every `heartbeatMs` (0: none). */
async function slowRun(heartbeatMs: number) {
  const store = new MemoryStore();
  await store.saveSession(session());
  const engine = new Engine(store, {}, { heartbeatMs });
  const agent = { id: 'shop', model: createOfflineModel(), maxSteps: 8 };
  const started = await engine.start({
    session: (await store.getSession('cs_t'))!,
    agent,
    userText: '/slow 60000 never',
    tools: [],
  });
  return { store, engine, ...started };
}

describe('a segment whose run is taken over', () => {
  it('stops its model step at its next heartbeat and writes nothing more', async () => {
    const { store, engine, run, events } = await slowRun(20);
    const seen: StreamEvent[] = [];
    const reading = (async () => {
      for await (const e of events.follow(0)) seen.push(e);
    })();
    // Another instance's takeover, as if this process had been frozen for three heartbeats.
    const taken = await store.takeOverRun(run.id, 1, new Date(Date.now() + 60_000).toISOString(), ago(0));
    expect(taken).toBeDefined();
    await reading;
    expect(seen.map((e) => e.type)).toEqual(['execution_start', 'turn_start']);
    expect((await store.listEvents(run.id, 0)).map((e) => e.type)).toEqual(['execution_start', 'turn_start']);
    expect(await store.getRun(run.id)).toMatchObject({ status: 'running', version: 2 });
    expect(engine.live(run.id)).toBeUndefined();
  });

  it('has the user message in the session transcript from the start of the run', async () => {
    const { store, engine, run, events } = await slowRun(0);
    expect((await store.getSession('cs_t'))!.transcript.at(-1)).toEqual({ role: 'user', content: '/slow 60000 never' });
    expect(run.history.slice(run.transcriptLength)).toEqual([]);
    await engine.drain(0);
    for await (const _ of events.follow(0)); // the stopped run's last frame
    const transcript = (await store.getSession('cs_t'))!.transcript;
    expect(transcript.filter((m) => m.role === 'user')).toHaveLength(2);
  });
});
