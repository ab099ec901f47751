import type { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { MemoryStore, type SessionRecord, type SessionSummary } from '../store/index.js';
import { sampleRun, sampleSession } from '../store/store.suite.js';
import { expectError, init, makeApp, ofType, readFrames, resume, say, tool, ORIGIN } from '../test-helpers.js';
import { ADMIN_KEY, admin, withAdmin } from '../test-support/admin.js';
import type { ModelAdapter, ModelEvent } from '../models/types.js';
import { startUpstream } from '../tools/fixtures/upstream.fixture.js';
import { buildTranscript, type OfferedTool, type TranscriptEntry, type UnfinishedRun } from './conversations.js';

interface ListBody {
  conversations: SessionSummary[];
  nextCursor: string | null;
}
interface DetailBody {
  conversation: SessionSummary;
  transcript: TranscriptEntry[];
  unfinishedRuns: UnfinishedRun[];
  tools: OfferedTool[];
}

const TOOLS = [tool('a'), tool('b')];

/** A model that answers `answer <n>` to its n-th request, holding the second until `open()`. */
function secondRunHeld(): { model: ModelAdapter; waiting: Promise<void>; open(): void } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let held!: () => void;
  const waiting = new Promise<void>((resolve) => (held = resolve));
  let requests = 0;
  const model: ModelAdapter = {
    info: { id: 'held', label: 'Held test model (no AI)', offline: true },
    async *stream(): AsyncGenerator<ModelEvent> {
      const n = ++requests;
      if (n === 2) {
        held();
        await gate;
      }
      yield { type: 'text-delta', delta: `answer ${n}` };
      yield { type: 'finish', reason: 'stop' };
    },
  };
  return { model, waiting, open };
}

async function get<T>(app: Hono, path: string): Promise<T> {
  const res = await admin(app, 'GET', path);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** Pauses on two parallel calls, resumes with a result for `a` and an error for `b`. */
async function toolConversation(app: Hono) {
  const sessionId = await init(app);
  const paused = await readFrames(await say(app, sessionId, '/tool a {"n": 1}\n/tool b {}', { clientTools: TOOLS }));
  const executionId = paused[0]!.data.executionId;
  const awaits = ofType(paused, 'await');
  const before = await get<DetailBody>(app, `/v1/conversations/${sessionId}`);
  const next = await readFrames(
    await resume(app, {
      sessionId,
      executionId,
      toolOutputs: {
        [awaits[0]!.toolCallId]: { content: [{ type: 'text', text: 'A is done' }] },
        [awaits[1]!.toolCallId]: { error: 'B broke' },
      },
    }),
  );
  return {
    sessionId,
    executionId,
    awaits,
    before,
    durationMs: ofType(next, 'tool_complete')[0]!.executionTime,
    reply: next,
  };
}

describe('conversations API: authentication', () => {
  const paths = ['/v1/conversations', '/v1/conversations?surface=storefront&limit=5', '/v1/conversations/cs_x'];

  it('does not exist without an adminKey', async () => {
    const { app } = makeApp();
    for (const path of paths) {
      await expectError(admin(app, 'GET', path), 404, 'not_found');
      await expectError(admin(app, 'GET', path, undefined, null), 404, 'not_found');
    }
  });

  it('refuses a missing or wrong key with 401 admin_key_invalid', async () => {
    const { app } = makeApp(withAdmin());
    for (const path of paths) {
      for (const key of [null, '', 'nope', `${ADMIN_KEY}x`]) {
        const res = await admin(app, 'GET', path, undefined, key);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        await expectError(res, 401, 'admin_key_invalid');
      }
    }
    expect((await admin(app, 'GET', paths[0]!)).status).toBe(200);
  });
});

describe('GET /v1/conversations/:id', () => {
  it('pairs each tool call with its result or error, content null for the tool-only turn, bare names and durations', async () => {
    const { app } = makeApp(withAdmin());
    const { sessionId, awaits, durationMs, reply } = await toolConversation(app);
    const [a, b] = awaits.map((w) => w.toolCallId);
    const body = await get<DetailBody>(app, `/v1/conversations/${sessionId}`);
    expect(body.conversation).toEqual({
      id: sessionId,
      surfaceId: 'storefront',
      origin: ORIGIN,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      messageCount: 3,
      hasTools: true,
    });
    const replyText = ofType(reply, 'text_complete')[0]!.text;
    const at = { createdAt: expect.any(String), timestamp: expect.any(String) };
    const resultAt = expect.any(String);
    expect(body.transcript).toEqual([
      { role: 'user', content: '/tool a {"n": 1}\n/tool b {}', ...at },
      {
        role: 'assistant',
        content: null,
        ...at,
        toolCalls: [
          { id: a, name: 'a', arguments: { n: 1 } },
          { id: b, name: 'b', arguments: {} },
        ],
        toolResults: [
          { id: a, name: 'a', result: 'A is done', error: null, durationMs, origin: 'page', timestamp: resultAt },
          { id: b, name: 'b', result: null, error: 'B broke', durationMs, origin: 'page', timestamp: resultAt },
        ],
      },
      { role: 'assistant', content: replyText, ...at, toolCalls: [], toolResults: [] },
    ]);
    const times = body.transcript.map((e) => e.createdAt!);
    expect([...times].sort()).toEqual(times);
    expect(body.transcript.every((e) => e.timestamp === e.createdAt)).toBe(true);
    expect(body.tools).toEqual([
      { name: 'a', description: 'The a tool.', type: 'webmcp', origin: 'page' },
      { name: 'b', description: 'The b tool.', type: 'webmcp', origin: 'page' },
    ]);
    expect(body.unfinishedRuns).toEqual([]);
  });

  it('shows a paused run: its calls without results yet, and the run as awaiting', async () => {
    const { app } = makeApp(withAdmin());
    const { before, executionId, awaits } = await toolConversation(app);
    const at = { createdAt: expect.any(String), timestamp: expect.any(String) };
    expect(before.transcript).toEqual([
      { role: 'user', content: expect.any(String), ...at },
      {
        role: 'assistant',
        content: null,
        ...at,
        toolCalls: awaits.map((w) => ({ id: w.toolCallId, name: w.toolName, arguments: w.parameters })),
        toolResults: [],
      },
    ]);
    expect(before.unfinishedRuns).toEqual([
      { executionId, status: 'awaiting', createdAt: expect.any(String), updatedAt: expect.any(String) },
    ]);
    expect(before.conversation).toMatchObject({ messageCount: 2, hasTools: true });
  });

  it('shows a run still streaming, and every run of the session in order', async () => {
    const gate = secondRunHeld();
    const { app } = makeApp({ ...withAdmin(), createModel: () => gate.model });
    const sessionId = await init(app);
    await readFrames(await say(app, sessionId, 'first question'));
    const running = say(app, sessionId, 'second question');
    await gate.waiting;
    const during = await get<DetailBody>(app, `/v1/conversations/${sessionId}`);
    expect(during.transcript.map((e) => [e.role, e.content])).toEqual([
      ['user', 'first question'],
      ['assistant', 'answer 1'],
      ['user', 'second question'],
    ]);
    expect(during.unfinishedRuns.map((r) => r.status)).toEqual(['running']);
    expect(during.conversation).toMatchObject({ messageCount: 3 });
    expect((await get<ListBody>(app, '/v1/conversations')).conversations[0]).toEqual(during.conversation);
    gate.open();
    await readFrames(await running);
    const after = await get<DetailBody>(app, `/v1/conversations/${sessionId}`);
    expect(after.transcript.map((e) => [e.role, e.content])).toEqual([
      ['user', 'first question'],
      ['assistant', 'answer 1'],
      ['user', 'second question'],
      ['assistant', 'answer 2'],
    ]);
    expect(after.conversation).toMatchObject({ messageCount: 4, hasTools: false });
  });

  it('lists the tools offered (server then page), with each call’s own duration, time and structured JSON result', async () => {
    const upstream = await startUpstream();
    try {
      const { app } = makeApp(
        withAdmin((c) => {
          c.agents.shop.tools = [
            { type: 'http', name: 'plain', description: 'Plain words', url: `${upstream.url}/text` },
            { type: 'code', name: 'tax', description: 'Tax on an amount', code: 'return { tax: 3.6 };' },
          ];
        }),
      );
      const sessionId = await init(app);
      const paused = await readFrames(
        await say(app, sessionId, '/tool plain {}\n/tool tax {}\n/tool a {}\n/tool b {}', { clientTools: TOOLS }),
      );
      const serverDone = new Map(ofType(paused, 'tool_complete').map((c) => [c.toolName, c.executionTime]));
      const awaits = ofType(paused, 'await');
      const [a, b] = awaits.map((w) => w.toolCallId);
      await readFrames(
        await resume(app, {
          sessionId,
          executionId: paused[0]!.data.executionId as string,
          toolOutputs: { [a!]: { result: { items: 2, total: 32 } }, [b!]: { result: 'plain text' } },
          // The page's own time for `a`; `b` falls back to pause → resume.
          toolDurations: { [a!]: 42 },
        }),
      );
      const body = await get<DetailBody>(app, `/v1/conversations/${sessionId}`);
      expect(body.tools).toEqual([
        { name: 'plain', description: 'Plain words', type: 'http', origin: 'server' },
        { name: 'tax', description: 'Tax on an amount', type: 'code', origin: 'server' },
        { name: 'a', description: 'The a tool.', type: 'webmcp', origin: 'page' },
        { name: 'b', description: 'The b tool.', type: 'webmcp', origin: 'page' },
      ]);
      const step = body.transcript.find((e) => e.role === 'assistant' && e.toolCalls.length > 0);
      if (step?.role !== 'assistant') throw new Error('no tool step');
      const results = Object.fromEntries(step.toolResults.map((r) => [r.name, r]));
      expect(results.plain).toMatchObject({ result: 'plain words', origin: 'server' });
      expect(results.tax).toMatchObject({ result: { tax: 3.6 }, origin: 'server' });
      expect(results.a).toMatchObject({ result: { items: 2, total: 32 }, origin: 'page', durationMs: 42 });
      expect(results.b).toMatchObject({ result: 'plain text', origin: 'page' });
      // Server calls: each its own measured time, as streamed.
      expect(results.plain!.durationMs).toBe(serverDone.get('plain'));
      expect(results.tax!.durationMs).toBe(serverDone.get('tax'));
      expect(results.b!.durationMs).toEqual(expect.any(Number));
      // Server results were stored at the pause, page results at the resume.
      expect(results.plain!.timestamp! <= results.a!.timestamp!).toBe(true);
      expect(results.a!.timestamp).toBe(results.b!.timestamp);
      expect(Date.parse(results.a!.timestamp!)).not.toBeNaN();
    } finally {
      await upstream.close();
    }
  });

  it('answers 404 for an unknown conversation', async () => {
    const { app } = makeApp(withAdmin());
    await expectError(admin(app, 'GET', '/v1/conversations/cs_nope'), 404, 'conversation_not_found');
  });
});

describe('GET /v1/conversations', () => {
  it('lists conversations with messages only, with counts and hasTools, matching their transcripts', async () => {
    const { app } = makeApp(withAdmin());
    await init(app); // opened, never used: not a conversation
    const plain = await init(app);
    await readFrames(await say(app, plain, '/echo hello'));
    const { sessionId: withTools } = await toolConversation(app);
    const body = await get<ListBody>(app, '/v1/conversations');
    expect(body.nextCursor).toBeNull();
    expect(body.conversations.map((c) => [c.id, c.messageCount, c.hasTools])).toEqual([
      [withTools, 3, true],
      [plain, 2, false],
    ]);
    for (const summary of body.conversations)
      expect((await get<DetailBody>(app, `/v1/conversations/${summary.id}`)).conversation).toEqual(summary);
  });

  it('orders by last activity, filters by surface and pages with a cursor', async () => {
    const store = new MemoryStore();
    const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 0, minute)).toISOString();
    const seeded: SessionRecord[] = [];
    for (let i = 0; i < 7; i++) {
      const session = {
        ...sampleSession(`cs_${i}`),
        surfaceId: i % 2 === 0 ? 'storefront' : 'kiosk',
        updatedAt: at(i),
      };
      seeded.push(session);
      await store.saveSession(session);
    }
    const { app } = makeApp({ ...withAdmin(), store });
    const ids = async (query: string) => {
      const out: string[][] = [];
      for (let cursor: string | null = ''; cursor !== null;) {
        const page: ListBody = await get<ListBody>(
          app,
          `/v1/conversations?${query}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        out.push(page.conversations.map((c) => c.id));
        cursor = page.nextCursor;
      }
      return out;
    };
    expect(await ids('limit=3')).toEqual([['cs_6', 'cs_5', 'cs_4'], ['cs_3', 'cs_2', 'cs_1'], ['cs_0']]);
    expect(await ids('limit=2&surface=storefront')).toEqual([
      ['cs_6', 'cs_4'],
      ['cs_2', 'cs_0'],
    ]);
    expect(await ids('surface=kiosk')).toEqual([['cs_5', 'cs_3', 'cs_1']]);
    expect(await ids('surface=nowhere')).toEqual([[]]);
    // New activity moves a conversation to the top.
    await store.saveSession({ ...seeded[0]!, updatedAt: at(30) });
    expect((await ids('limit=2'))[0]).toEqual(['cs_0', 'cs_6']);
  });

  it('refuses a bad limit, surface or cursor with 400', async () => {
    const { app } = makeApp(withAdmin());
    for (const limit of ['0', '101', '-1', '2.5', 'ten'])
      await expectError(admin(app, 'GET', `/v1/conversations?limit=${limit}`), 400, 'invalid_limit');
    await expectError(admin(app, 'GET', '/v1/conversations?surface=no%20spaces'), 400, 'invalid_surface_id');
    for (const cursor of [
      'nope',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
    ]) {
      await expectError(admin(app, 'GET', `/v1/conversations?cursor=${cursor}`), 400, 'invalid_cursor');
    }
  });
});

describe('buildTranscript', () => {
  const T = (minute: number) => new Date(Date.UTC(2030, 0, 1, 0, minute)).toISOString();

  it('places an unfinished run where it happened, and keeps records from before times and names were stored readable', () => {
    const session: SessionRecord = {
      ...sampleSession('cs_merge'),
      transcript: [
        { role: 'user', content: 'one' },
        {
          role: 'assistant',
          content: null,
          toolCalls: [
            { id: 'c1', name: 'webmcp__search', arguments: { q: 'x' } },
            { id: 'c2', name: 'made_up', arguments: {} },
          ],
        },
        { role: 'tool', toolCallId: 'c2', name: 'made_up', content: 'Unknown tool "made_up".', isError: true },
        { role: 'tool', toolCallId: 'c1', name: 'webmcp__search', content: 'found', isError: false },
        { role: 'assistant', content: 'done' },
        { role: 'user', content: 'three' },
        { role: 'assistant', content: 'ok' },
      ],
      // The first run predates stored times; the second has them.
      messageTimes: [null, null, null, null, null, T(3), T(4)],
      calls: {},
    };
    const expired = sampleRun('exec_expired', {
      status: 'expired',
      createdAt: T(2),
      transcriptLength: 5,
      calls: { c3: { name: 'get_cart', groupId: 'grp_x' } },
      history: [
        ...session.transcript.slice(0, 5),
        { role: 'user', content: 'two' },
        { role: 'assistant', content: 'checking', toolCalls: [{ id: 'c3', name: 'webmcp__get_cart', arguments: {} }] },
      ],
      messageTimes: [T(2), T(2)],
    });
    const entries = buildTranscript(session, [expired]);
    expect(entries.map((e) => e.content)).toEqual(['one', null, 'done', 'two', 'checking', 'three', 'ok']);
    expect(entries.map((e) => e.createdAt ?? null)).toEqual([null, null, null, T(2), T(2), T(3), T(4)]);
    expect(entries[1]).toEqual({
      role: 'assistant',
      content: null,
      toolCalls: [
        { id: 'c1', name: 'search', arguments: { q: 'x' } },
        { id: 'c2', name: 'made_up', arguments: {} },
      ],
      toolResults: [
        {
          id: 'c2',
          name: 'made_up',
          result: null,
          error: 'Unknown tool "made_up".',
          durationMs: null,
          origin: 'page',
          timestamp: null,
        },
        { id: 'c1', name: 'search', result: 'found', error: null, durationMs: null, origin: 'page', timestamp: null },
      ],
    });
    expect(entries[4]).toMatchObject({ toolCalls: [{ id: 'c3', name: 'get_cart', arguments: {} }], toolResults: [] });
  });
});
