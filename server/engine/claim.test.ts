/**
 * The late claim of a resume (claim.ts), on the memory store and a SQLite file: a continuation that
 * ends at once claims with its one commit; anything that leaves the process first takes the claim
 * before it; a resume that loses or fails before its claim stores, shows and tells nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createOfflineModel } from '../models/offline/index.js';
import type { ModelAdapter, ModelRequest } from '../models/types.js';
import { MemoryStore, SqliteStore, type RunRecord, type SessionRecord, type Store } from '../store/index.js';
import { tool } from '../test-helpers.js';
import type { ServerTool } from '../tools/executor.js';
import { ClaimLostError } from './claim.js';
import { Engine, type AgentRuntime } from './engine.js';
import type { EventHub } from './hub.js';
import type { RunObserver } from './observer.js';

const dir = mkdtempSync(join(tmpdir(), 'webmcp-claim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const STORES: Array<[string, () => Store]> = [
  ['memory', () => new MemoryStore()],
  ['SQLite file', () => new SqliteStore(join(dir, `${++files}.db`))],
];

const session = (): SessionRecord => ({
  id: 'cs_claim',
  surfaceId: 'storefront',
  token: 'ct_test_demo',
  origin: 'http://localhost:5173',
  createdAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
  transcript: [],
  toolSets: {},
});

async function drain(hub: EventHub): Promise<string[]> {
  const types: string[] = [];
  for await (const e of hub.follow(0)) types.push(e.type);
  return types;
}

/** A counting observer. */
function counting(): { observer: RunObserver; told: Record<string, number> } {
  const told: Record<string, number> = {};
  const count = (hook: string) => () => void (told[hook] = (told[hook] ?? 0) + 1);
  return {
    told,
    observer: {
      callsFinished: count('callsFinished'),
      runEnded: count('runEnded'),
      stepFinished: count('stepFinished'),
    },
  };
}

/** A store, an engine and a run paused on the page tool `a`, read back as a resume reads it. */
async function paused(make: () => Store, agent: AgentRuntime) {
  const store = make();
  await store.saveSession(session());
  const { observer, told } = counting();
  const engine = new Engine(store, observer, { heartbeatMs: 0 });
  const { run, events } = await engine.start({
    session: (await store.getSession('cs_claim'))!,
    agent,
    userText: '/tool a {}',
    tools: [tool('a')],
  });
  expect((await drain(events)).at(-1)).toBe('await');
  const read = (await store.getRun(run.id))!;
  const outputs = new Map(read.pending.map((p) => [p.toolCallId, { text: 'a ok', isError: false }]));
  return { store, engine, told: told as Record<string, number | undefined>, read, outputs, agent };
}

/** Asks for the page tool `a`, then (after its result) the server tool `srv` if it has one, then answers. */
function scripted(offline: boolean): ModelAdapter {
  return {
    info: { id: 'scripted', label: 'scripted', offline },
    async *stream(request: ModelRequest) {
      const results = request.messages.filter((m) => m.role === 'tool').length;
      const next = request.tools.find((t) => t.name.endsWith(results === 0 ? 'a' : 'srv'));
      if (results < 2 && next) {
        yield { type: 'tool-call', id: `call_${results}`, name: next.name, arguments: '{}' };
        yield { type: 'finish', reason: 'tool_calls' };
        return;
      }
      yield { type: 'text-delta', delta: 'Done.' };
      yield { type: 'finish', reason: 'stop' };
    },
  };
}

describe.each(STORES)('a resume claims its run late (%s store)', (_name, make) => {
  const offline: AgentRuntime = { id: 'shop', model: createOfflineModel(), maxSteps: 8 };

  it('continues a paused run that ends at once in one commit, which is also its claim', async () => {
    const { store, engine, told, read, outputs } = await paused(make, offline);
    const claims = vi.spyOn(store, 'claimRun');
    const commits = vi.spyOn(store, 'commitSegment');
    const appends = vi.spyOn(store, 'appendEvents');
    const version = read.version;
    const types = await drain(await engine.resume({ run: read, agent: offline, outputs }));
    expect(types.at(0)).toBe('tool_complete');
    expect(types.at(-1)).toBe('execution_complete');
    expect(claims).not.toHaveBeenCalled();
    expect(appends).not.toHaveBeenCalled();
    expect(commits).toHaveBeenCalledTimes(1);
    expect(commits.mock.calls[0]![0]).toMatchObject({ claim: true, expectVersion: version });
    expect(await store.getRun(read.id)).toMatchObject({ status: 'completed', version: version + 1 });
    expect(told).toMatchObject({ callsFinished: 1, runEnded: 1 });
  });

  it('stores, shows and tells nothing for a resume whose claim another one took', async () => {
    const { store, engine, told, read, outputs } = await paused(make, offline);
    const before = await store.listEvents(read.id, 0);
    const endedBefore = told.runEnded ?? 0;
    expect(await store.claimRun(read.id, read.version)).toBeTruthy();
    await expect(engine.resume({ run: structuredClone(read), agent: offline, outputs })).rejects.toBeInstanceOf(
      ClaimLostError,
    );
    expect(await store.listEvents(read.id, 0)).toEqual(before);
    expect(await store.getRun(read.id)).toMatchObject({ status: 'running', version: read.version + 1 });
    expect(told.callsFinished).toBeUndefined();
    expect(told.runEnded ?? 0).toBe(endedBefore);
  });

  it('takes the claim before a server tool runs, and only once', async () => {
    let statusSeen: RunRecord['status'] | undefined;
    const held: { store?: Store } = {};
    const srv: ServerTool = {
      kind: 'http',
      name: 'srv',
      description: 'A server tool.',
      parameters: { type: 'object' },
      timeoutMs: 5000,
      secrets: [],
      executor: {
        async execute(_call, ctx) {
          statusSeen = (await held.store!.getRun(ctx.runId))?.status;
          return { text: 'srv ok', isError: false };
        },
      },
    };
    const agent: AgentRuntime = { id: 'shop', model: scripted(true), maxSteps: 8, serverTools: [srv] };
    const setup = await paused(make, agent);
    const store = (held.store = setup.store);
    const claims = vi.spyOn(store, 'claimRun');
    const version = setup.read.version;
    const types = await drain(await setup.engine.resume({ run: setup.read, agent, outputs: setup.outputs }));
    expect(types.at(-1)).toBe('execution_complete');
    expect(statusSeen).toBe('running');
    expect(claims).toHaveBeenCalledTimes(1);
    // The claim, then the end.
    expect(await store.getRun(setup.read.id)).toMatchObject({ status: 'completed', version: version + 2 });
  });

  it('takes the claim before asking a model elsewhere', async () => {
    const agent: AgentRuntime = { id: 'shop', model: scripted(false), maxSteps: 8, serverTools: [] };
    const setup = await paused(make, agent);
    const claims = vi.spyOn(setup.store, 'claimRun');
    const asked = vi.spyOn(agent.model, 'stream');
    const hub = await setup.engine.resume({ run: setup.read, agent, outputs: setup.outputs });
    expect(claims).toHaveBeenCalledTimes(1);
    expect(asked).not.toHaveBeenCalled();
    expect((await drain(hub)).at(-1)).toBe('execution_complete');
    expect(asked).toHaveBeenCalled();
  });

  it('takes the claim before a batch of a paced answer is stored, so the answer streams', async () => {
    const paced: AgentRuntime = { id: 'shop', model: createOfflineModel({ wordDelayMs: 2 }), maxSteps: 8 };
    const { store, engine, read, outputs } = await paused(make, paced);
    const claims = vi.spyOn(store, 'claimRun');
    const appends = vi.spyOn(store, 'appendEvents');
    const hub = await engine.resume({ run: read, agent: paced, outputs });
    // Resolved at the claim, before the end: a reader gets events while the run goes on.
    expect(hub.closed).toBe(false);
    expect((await drain(hub)).at(-1)).toBe('execution_complete');
    expect(claims).toHaveBeenCalledTimes(1);
    expect(appends.mock.calls.length).toBeGreaterThan(0);
    expect(claims.mock.invocationCallOrder[0]!).toBeLessThan(appends.mock.invocationCallOrder[0]!);
  });

  it('leaves the run paused and answerable when the store fails before the claim', async () => {
    const { store, engine, told, read, outputs } = await paused(make, offline);
    const commit = store.commitSegment.bind(store);
    const down = new Error('disk I/O error');
    const commits = vi.spyOn(store, 'commitSegment').mockRejectedValueOnce(down);
    await expect(engine.resume({ run: structuredClone(read), agent: offline, outputs })).rejects.toBe(down);
    expect(await store.getRun(read.id)).toMatchObject({ status: 'awaiting', version: read.version });
    expect((await store.listEvents(read.id, 0)).at(-1)?.type).toBe('await');
    expect(told.callsFinished).toBeUndefined();
    commits.mockImplementation(commit);
    const again = (await store.getRun(read.id))!;
    expect((await drain(await engine.resume({ run: again, agent: offline, outputs }))).at(-1)).toBe(
      'execution_complete',
    );
    expect(told.callsFinished).toBe(1);
  });
});
