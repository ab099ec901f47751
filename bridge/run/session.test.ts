/**
 * The turn loop against the real server (in process: the session's `fetch` is the app itself),
 * with an in-memory page backend and in-memory storage standing in for the browser's.
 */
import { describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { makeApp, ORIGIN, TOKEN } from '../../server/test-helpers.js';
import type { MemoryStore } from '../../server/store/index.js';
import { ConsentMemory } from '../consent/index.js';
import type { PageTool, WebmcpBackend } from '../discovery/index.js';
import { NAVIGATED_TEXT } from '../execution/index.js';
import { MemoryStorage } from '../test-support/memory-storage.js';
import { ChatSession, type RunUpdate } from './index.js';

type Impl = (input: Record<string, unknown>, signal: AbortSignal) => Promise<unknown> | unknown;

/** A page with tools, as the bridge sees it. */
class FakePage implements WebmcpBackend {
  readonly kind = 'builtin' as const;
  readonly runs: string[] = [];
  #tools = new Map<string, { tool: PageTool; impl: Impl }>();
  #listeners = new Set<() => void>();

  add(name: string, impl: Impl, annotations: PageTool['annotations'] = { readOnlyHint: true }): this {
    this.#tools.set(name, {
      tool: {
        name,
        description: `The ${name} tool`,
        inputSchema: { type: 'object' },
        schemaUnparseable: false,
        annotations,
        handle: name,
      },
      impl,
    });
    for (const l of this.#listeners) l();
    return this;
  }

  /** How many times the tools were listed. */
  listings = 0;

  async getTools() {
    this.listings++;
    return [...this.#tools.values()].map((t) => t.tool);
  }

  async execute(tool: PageTool, input: Record<string, unknown>, signal: AbortSignal) {
    this.runs.push(tool.name);
    const value = await this.#tools.get(tool.name)!.impl(input, signal);
    return { text: typeof value === 'string' ? value : JSON.stringify(value), isError: false };
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  subscribe(onChange: () => void) {
    this.#listeners.add(onChange);
    return () => this.#listeners.delete(onChange);
  }
}

/** Cuts a response body after `frames` SSE frames, as a dropped connection would. */
function cutAfter(response: Response, frames: number): Response {
  const reader = response.body!.getReader();
  let seen = 0;
  let carry = '';
  const decoder = new TextDecoder();
  let cut = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Erroring drops what is still queued, so the cut comes on the pull after the last frame.
      if (cut) {
        void reader.cancel();
        return controller.error(new TypeError('network error'));
      }
      const { done, value } = await reader.read();
      if (done) return controller.close();
      carry += decoder.decode(value, { stream: true });
      const parts = carry.split('\n\n');
      carry = parts.pop()!;
      for (const part of parts) {
        if (seen === frames) {
          cut = true;
          return;
        }
        if (!part.startsWith(':')) seen++;
        controller.enqueue(new TextEncoder().encode(part + '\n\n'));
      }
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
}

interface Harness {
  app: Hono;
  store: MemoryStore;
  requests: Array<{ path: string; body: Record<string, unknown>; status: number }>;
  session(page: FakePage, extra?: Partial<ConstructorParameters<typeof ChatSession>[0]>): ChatSession;
  storage: MemoryStorage;
  /** The `localStorage` of the session: remembered consent. */
  local: MemoryStorage;
}

function harness(
  transform: (path: string, response: Response) => Response = (_p, r) => r,
  appOptions: Parameters<typeof makeApp>[0] = {},
): Harness {
  const { app, store } = makeApp(appOptions);
  const requests: Harness['requests'] = [];
  const storage = new MemoryStorage();
  const local = new MemoryStorage();
  const fetcher: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    headers.set('origin', ORIGIN); // what a browser adds on a cross-origin request
    const response = transform(url.pathname, await app.request(url.pathname, { ...init, headers }));
    requests.push({ path: url.pathname, body: JSON.parse(String(init?.body ?? '{}')), status: response.status });
    return response;
  };
  return {
    app,
    store,
    requests,
    storage,
    local,
    session: (page, extra = {}) =>
      new ChatSession({
        apiUrl: 'http://api.test',
        clientToken: TOKEN,
        backend: page,
        pageOrigin: ORIGIN,
        fetch: fetcher,
        sessionStorage: storage,
        localStorage: local,
        ...extra,
      }),
  };
}

function replies(updates: RunUpdate[]): string {
  return updates
    .flatMap((u) => (u.type === 'event' && u.event.type === 'text_complete' ? [u.event.text] : []))
    .join('\n');
}

describe('ChatSession', () => {
  it('sends the tool list once per session, then only its fingerprint', async () => {
    const h = harness();
    const page = new FakePage().add('get_cart', () => ({ items: 3 }));
    const session = h.session(page);
    await session.send('/tool get_cart {}');
    const second: RunUpdate[] = [];
    const outcome = await session.send('/tool get_cart {}', { onUpdate: (u) => second.push(u) });
    expect(outcome.status).toBe('completed');
    expect(replies(second)).toContain('Items: 3');
    const chats = h.requests.filter((r) => r.path === '/v1/client/chat');
    expect(chats.map((r) => Array.isArray(r.body.clientTools))).toEqual([true, false]);
    expect(chats[1]!.body.clientToolsFingerprint).toBe(chats[0]!.body.clientToolsFingerprint);
    // Resumes ride on the same known set.
    expect(
      h.requests.filter((r) => r.path === '/v1/client/resume').map((r) => Array.isArray(r.body.clientTools)),
    ).toEqual([false, false]);
  });

  it('reports the tools it left out, and re-reads the rules so a tool allowed since is offered on the next turn', async () => {
    const h = harness(undefined, {
      surfaceRefreshMs: 0,
      patch: (c) => (c.surfaces.storefront.behavior.webmcp.allowlist = [{ origin: ORIGIN, tools: ['get_cart'] }]),
    });
    const page = new FakePage().add('get_cart', () => ({ items: 1 })).add('add_note', () => 'noted');
    const session = h.session(page);
    await session.send('/echo first');
    const chats = () => h.requests.filter((r) => r.path === '/v1/client/chat');
    expect(chats()[0]!.body.droppedTools).toEqual([{ name: 'add_note', reason: 'tool_not_listed' }]);
    expect((await h.store.listToolSightings()).map((t) => `${t.toolName} ${t.status} ${t.reason}`).sort()).toEqual([
      'add_note rejected tool_not_listed',
      'get_cart admitted rule_matched',
    ]);
    // An operator allows add_note (an admin edit, as the console makes it).
    const { surfaces } = makeApp({
      patch: (c) => (c.surfaces.storefront.behavior.webmcp.allowlist = [{ origin: ORIGIN, tools: ['*'] }]),
    }).config;
    await h.store.setSetting('surface:storefront', {
      surface: surfaces.storefront,
      updatedAt: new Date().toISOString(),
    });
    const inits = h.requests.filter((r) => r.path === '/v1/client/init').length;
    const outcome = await session.send('/tool add_note {}');
    expect(outcome.status).toBe('completed');
    expect(page.runs).toEqual(['add_note']);
    expect(h.requests.filter((r) => r.path === '/v1/client/init').length).toBe(inits + 1);
    expect(chats()[1]!.body.droppedTools).toBeUndefined();
    // Nothing left out: no more re-reads.
    await session.send('/echo third');
    expect(h.requests.filter((r) => r.path === '/v1/client/init').length).toBe(inits + 1);
  });

  it('answers a 409 client_tools_resend_required by sending the full list once', async () => {
    const h = harness();
    const page = new FakePage().add('get_cart', () => ({ items: 1 }));
    const session = h.session(page);
    await session.send('/echo first');
    // The server forgets the session's tool sets (another instance, a restart of an in-memory store…).
    const stored = (await h.store.getSession(session.sessionId!))!;
    stored.toolSets = {};
    await h.store.saveSession(stored);
    const outcome = await session.send('/tool get_cart {}');
    expect(outcome.status).toBe('completed');
    const chats = h.requests.filter((r) => r.path === '/v1/client/chat');
    expect(chats.map((r) => [r.status, Array.isArray(r.body.clientTools)])).toEqual([
      [200, true],
      [409, false],
      [200, true],
    ]);
  });

  it('remembers "allow for this site" and stops asking for that tool', async () => {
    const h = harness();
    const page = new FakePage().add('checkout', () => ({ orderId: 'MM-1' }), { consequentialHint: true });
    const asked: string[] = [];
    const session = h.session(page, {
      consent: async (call) => {
        asked.push(call.toolName);
        return 'allow-site';
      },
    });
    await session.send('/tool checkout {}');
    await session.send('/tool checkout {}');
    expect(asked).toEqual(['checkout']);
    expect(page.runs).toEqual(['checkout', 'checkout']);
    expect(new ConsentMemory(h.local, TOKEN).has('checkout')).toBe(true);
  });

  it('honours the page veto: the tool never runs and the model is told', async () => {
    const h = harness();
    const page = new FakePage().add('add_to_cart', () => ({ ok: true }));
    const session = h.session(page, { beforeToolCall: () => false });
    const updates: RunUpdate[] = [];
    await session.send('/tool add_to_cart {}', { onUpdate: (u) => updates.push(u) });
    expect(page.runs).toEqual([]);
    expect(replies(updates)).toContain('The page declined to run add_to_cart');
  });

  it('after a reload, reports the call that was running as navigated, runs the waiting one, and resumes once', async () => {
    const h = harness();
    const navigating = new AbortController();
    const before = new FakePage()
      .add('reload_page', () => {
        navigating.abort(); // the page is going away: this promise never settles
        return new Promise(() => undefined);
      })
      .add('get_cart', () => new Promise(() => undefined));
    const first = h.session(before);
    void first.send('/tool reload_page {}\n/tool get_cart {}');
    await new Promise<void>((resolve) => navigating.signal.addEventListener('abort', () => resolve()));
    const journal = first.pendingRecovery()!;
    expect(journal.calls.map((c) => [c.toolName, c.state])).toEqual([
      ['reload_page', 'running'],
      ['get_cart', 'running'],
    ]);
    // Pretend get_cart had not been handed to the page yet when it unloaded.
    h.storage.setItem(
      `webmcp-chat:pause:${TOKEN}`,
      JSON.stringify({
        ...journal,
        calls: journal.calls.map((c) => (c.toolName === 'get_cart' ? { ...c, state: 'waiting' } : c)),
      }),
    );
    const after = new FakePage().add('reload_page', () => 'must not run again').add('get_cart', () => ({ items: 2 }));
    const updates: RunUpdate[] = [];
    const outcome = await h.session(after).recover({ onUpdate: (u) => updates.push(u) });
    expect(outcome?.status).toBe('completed');
    expect(after.runs).toEqual(['get_cart']);
    const resume = h.requests.filter((r) => r.path === '/v1/client/resume');
    expect(resume).toHaveLength(1);
    const outputs = resume[0]!.body.toolOutputs as Record<string, { content: Array<{ text: string }> }>;
    expect(
      Object.values(outputs)
        .map((o) => o.content[0]!.text)
        .sort(),
    ).toEqual([NAVIGATED_TEXT, '{"items":2}'].sort());
    expect(replies(updates)).toContain('Items: 2');
    expect(h.storage.length).toBe(0);
    expect((await h.store.getRun(journal.executionId))?.status).toBe('completed');
  });

  it('after a reload, a call whose tool is gone resumes with an error output', async () => {
    const h = harness();
    const started = new AbortController();
    const first = h.session(new FakePage().add('vanishing', () => (started.abort(), new Promise(() => undefined))));
    void first.send('/tool vanishing {}');
    await new Promise<void>((resolve) => started.signal.addEventListener('abort', () => resolve()));
    const journal = first.pendingRecovery()!;
    h.storage.setItem(
      `webmcp-chat:pause:${TOKEN}`,
      JSON.stringify({ ...journal, calls: journal.calls.map((c) => ({ ...c, state: 'waiting' })) }),
    );
    const updates: RunUpdate[] = [];
    const outcome = await h.session(new FakePage()).recover({ onUpdate: (u) => updates.push(u) });
    expect(outcome?.status).toBe('completed');
    expect(replies(updates)).toContain('no longer available');
  });

  it('a recovery the server no longer waits for is dropped with the server’s code, not retried', async () => {
    const h = harness();
    const page = new FakePage().add('get_cart', () => ({ items: 1 }));
    const session = h.session(page);
    await session.send('/tool get_cart {}');
    h.storage.setItem(
      `webmcp-chat:pause:${TOKEN}`,
      JSON.stringify({
        sessionId: session.sessionId,
        executionId: 'exec_unknown',
        calls: [{ toolCallId: 'c', toolName: 'get_cart', parameters: {}, state: 'waiting' }],
        savedAt: Date.now(),
      }),
    );
    const outcome = await h.session(page).recover();
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'execution_not_found' } });
    expect(h.storage.length).toBe(0);
  });

  it('stop aborts running calls and still resumes the server, which ends the run', async () => {
    const h = harness();
    let aborted = false;
    const running = new AbortController();
    const page = new FakePage().add('slow', (_input, signal) => {
      running.abort();
      return new Promise((_, reject) =>
        signal.addEventListener('abort', () => ((aborted = true), reject(signal.reason))),
      );
    });
    const session = h.session(page);
    const stop = new AbortController();
    let executionId = '';
    const done = session.send('/tool slow {}', {
      signal: stop.signal,
      onUpdate: (u) => void (u.type === 'event' && (executionId = u.event.executionId)),
    });
    await new Promise<void>((resolve) => running.signal.addEventListener('abort', () => resolve()));
    stop.abort();
    expect((await done).status).toBe('stopped');
    expect(aborted).toBe(true);
    expect((await h.store.getRun(executionId))?.status).toBe('completed');
    expect(h.storage.length).toBe(0);
  });

  it('picks a dropped stream up again after its last event: nothing lost, nothing shown twice', async () => {
    let cut = false;
    const h = harness((path, response) => {
      if (path !== '/v1/client/chat' || cut) return response;
      cut = true;
      return cutAfter(response, 5);
    });
    const updates: RunUpdate[] = [];
    const text = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const outcome = await h.session(new FakePage()).send(`/echo ${text}`, { onUpdate: (u) => updates.push(u) });
    expect(outcome.status).toBe('completed');
    const reconnects = h.requests.filter((r) => r.path === '/v1/client/stream');
    expect(reconnects).toHaveLength(1);
    expect(reconnects[0]!.body.after).toBe(5);
    // A replay sends each stored run of deltas as one frame: seqs rise (none twice) but may skip.
    const seqs = updates.flatMap((u) => (u.type === 'event' ? [u.event.seq] : []));
    expect(seqs.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
    const deltas = updates
      .flatMap((u) => (u.type === 'event' && u.event.type === 'text_delta' ? [u.event.delta] : []))
      .join('');
    expect(deltas).toBe(text);
  });

  it('reports tool list changes, coalescing bursts', async () => {
    const h = harness();
    const page = new FakePage();
    const session = h.session(page);
    await session.init();
    const listedBefore = page.listings;
    const seen: string[][] = [];
    let changed = () => {};
    const nextChange = () => new Promise<void>((resolve) => (changed = resolve));
    const stop = session.watchTools((s) => {
      seen.push(s.clientTools.map((t) => t.name));
      changed();
    });
    let change = nextChange();
    page
      .add('a', () => 1)
      .add('b', () => 2)
      .add('c', () => 3);
    await change;
    // Timers run in order: a refresh queued by the burst would report before the one for `d`.
    change = nextChange();
    page.add('d', () => 4);
    await change;
    expect(seen).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c', 'd'],
    ]);
    expect(page.listings - listedBefore).toBe(2); // one listing for the burst of three, one for `d`
    stop();
    expect(page.listenerCount).toBe(0);
  });
});
