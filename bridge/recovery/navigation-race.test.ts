/**
 * A tool that navigates the page: its output reaches the server, and the page unloads before the
 * server's answer does. The next page must follow the run the server went on with, never send the
 * outputs again (which the server refuses: "not waiting for tool outputs").
 *
 * The unload is placed at every point of the resume request's life — before the request leaves,
 * after the server took it, and after the first frames arrived — and each case runs 50 times.
 */
import { describe, expect, it } from 'vitest';
import { makeApp, ORIGIN, TOKEN } from '../../server/test-helpers.js';
import type { PageTool, WebmcpBackend } from '../discovery/index.js';
import type { StreamEvent } from '../protocol/index.js';
import { ChatSession, type RunUpdate } from '../run/index.js';
import { MemoryStorage } from '../test-support/memory-storage.js';

/** One page tool, `go`, that "navigates": it answers at once (as `location.href = …` lets it). */
class NavigatingPage implements WebmcpBackend {
  readonly kind = 'builtin' as const;
  runs = 0;
  readonly #tool: PageTool = {
    name: 'go',
    description: 'Opens another page',
    inputSchema: { type: 'object' },
    schemaUnparseable: false,
    annotations: { readOnlyHint: true },
    handle: 'go',
  };

  async getTools() {
    return [this.#tool];
  }

  async execute() {
    this.runs++;
    return { text: JSON.stringify({ opened: '/cart' }), isError: false };
  }

  subscribe() {
    return () => undefined;
  }
}

type Unload = 'before-send' | 'after-server-took-it' | 'after-first-frames';

/** Runs one navigation; returns what the next page saw. */
async function navigateOnce(unload: Unload) {
  const { app, store } = makeApp();
  const storage = new MemoryStorage();
  let unloaded = false;
  const resumes: string[] = [];
  const bodies: Array<{ toolOutputs: Record<string, unknown>; toolDurations?: Record<string, number> }> = [];
  const fetcher: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    headers.set('origin', ORIGIN);
    const isResume = url.pathname === '/v1/client/resume';
    if (isResume) bodies.push(JSON.parse(String(init?.body)) as (typeof bodies)[number]);
    if (isResume && !unloaded) {
      unloaded = true; // this page is going away now
      if (unload === 'before-send') throw new TypeError('Failed to fetch');
      resumes.push('old page');
      const response = await app.request(url.pathname, { ...init, headers });
      if (unload === 'after-server-took-it') throw new TypeError('Failed to fetch');
      // A few bytes of the answer arrived, then the page was gone.
      const reader = response.body!.getReader();
      await reader.read();
      await reader.cancel();
      throw new TypeError('network error');
    }
    if (isResume) resumes.push('new page');
    return app.request(url.pathname, { ...init, headers });
  };
  const options = {
    apiUrl: 'http://api.test',
    clientToken: TOKEN,
    pageOrigin: ORIGIN,
    fetch: fetcher,
    sessionStorage: storage,
    localStorage: new MemoryStorage(),
  };
  const before = new NavigatingPage();
  await new ChatSession({ ...options, backend: before }).send('/tool go {}').catch(() => undefined);

  const after = new NavigatingPage();
  const updates: RunUpdate[] = [];
  const next = new ChatSession({ ...options, backend: after });
  const outcome = await next.recover({ onUpdate: (u) => updates.push(u) });
  const events = updates.flatMap((u): StreamEvent[] => (u.type === 'event' ? [u.event] : []));
  const run = outcome?.executionId ? await store.getRun(outcome.executionId) : undefined;
  return {
    outcome,
    events,
    resumes,
    runs: before.runs + after.runs,
    status: run?.status,
    journal: storage.length,
    bodies,
  };
}

describe('a tool that navigates the page', () => {
  for (const unload of ['before-send', 'after-server-took-it', 'after-first-frames'] as const) {
    it(`unloaded ${unload.replaceAll('-', ' ')}: the next page finishes the run, 50 times out of 50`, async () => {
      for (let i = 0; i < 50; i++) {
        const seen = await navigateOnce(unload);
        expect(seen.outcome, `run ${i}`).toMatchObject({ status: 'completed' });
        expect(seen.outcome?.error).toBeUndefined();
        expect(seen.status).toBe('completed');
        // The reply built from the tool's output reaches the next page once.
        const replies = seen.events.filter((e) => e.type === 'text_complete');
        expect(replies).toHaveLength(1);
        expect(replies[0]).toMatchObject({ text: expect.stringContaining('/cart') });
        expect(seen.runs).toBe(1);
        expect(seen.journal).toBe(0);
        // Sent once by the page that ran the tool; the next page sends again only when nothing left.
        expect(seen.resumes).toEqual(unload === 'before-send' ? ['new page'] : ['old page', 'new page']);
        // The page that ran the call reports how long it took, beside the output.
        const [id] = Object.keys(seen.bodies[0]!.toolOutputs);
        expect(seen.bodies[0]!.toolDurations?.[id!]).toEqual(expect.any(Number));
      }
    }, 60_000);
  }
});
