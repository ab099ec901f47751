/**
 * Interop on the API-key path: the real `@runtypelabs/persona` widget in agent mode (no client
 * token), behind a loopback forwarder that adds the API key, completes single, parallel and chained
 * WebMCP calls against `/v1/dispatch` and `${apiUrl}/resume`. (Named `*.persona.spec.ts` so it runs
 * in the polyfill project only, like the client-token Persona spec.)
 */
import type { Page } from '@playwright/test';
import { test as base, expect } from '@playwright/test';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../server/app.js';
import { parseConfig } from '../server/config/load.js';
import { MemoryStore } from '../server/store/index.js';
import { startPersonaAgentPage, type Forwarded } from './persona-agent-page.js';
import { freePort } from './servers.js';

const API_KEY = 'sk_test_e2e_persona_proxy_0123';

interface AgentServers {
  pageUrl: string;
  forwarded: Forwarded[];
  store: MemoryStore;
}

const test = base.extend<object, { agentServers: AgentServers }>({
  agentServers: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const config = parseConfig({
        apiKeys: [{ id: 'persona-proxy', key: { env: 'E2E_PERSONA_API_KEY' }, agents: ['shop'] }],
        agents: { shop: { model: 'offline', maxSteps: 8 } },
        surfaces: {},
      });
      const store = new MemoryStore();
      const app = createApp({ config, store, env: { E2E_PERSONA_API_KEY: API_KEY } });
      const api = await new Promise<ServerType>((resolve) => {
        const server = serve({ fetch: app.fetch, port: 0, hostname: 'localhost' }, () => resolve(server));
      });
      const apiUrl = `http://localhost:${(api.address() as { port: number }).port}`;
      const page = await startPersonaAgentPage(await freePort(), apiUrl, API_KEY);
      await use({ pageUrl: page.url, forwarded: page.forwarded, store });
      await page.close();
      app.close();
      await new Promise<void>((resolve) => api.close(() => resolve()));
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

async function open(page: Page, servers: AgentServers): Promise<Forwarded[]> {
  servers.forwarded.length = 0;
  await page.goto(servers.pageUrl);
  await expect(page.locator('#chat textarea').first()).toBeVisible();
  return servers.forwarded;
}

async function say(page: Page, text: string): Promise<void> {
  const input = page.locator('#chat textarea').first();
  await input.fill(text);
  await input.press('Enter');
}

const calls = (page: Page) => page.evaluate(() => (window as unknown as { calls: string[] }).calls);
const dispatches = (f: Forwarded[]) => f.filter((r) => r.path.endsWith('/dispatch'));
const resumes = (f: Forwarded[]) => f.filter((r) => r.path.endsWith('/resume'));

test.describe('the Persona widget in agent mode on the API-key path', () => {
  test('a single call: Persona’s own body is accepted and the page tool’s result reaches the reply', async ({
    page,
    agentServers,
  }) => {
    const forwarded = await open(page, agentServers);
    await say(page, '/tool add_item {"sku":"mug-1"}');
    await expect(page.locator('#chat')).toContainText('Added: mug-1');
    expect(await calls(page)).toEqual(['add_item:mug-1']);
    const [first] = dispatches(forwarded);
    expect(first!.status).toBe(200);
    // Persona's agent-mode body, exactly as it sends it.
    expect(first!.body).toMatchObject({ agent: { agentId: 'shop' }, options: { streamResponse: true } });
    expect((first!.body.clientTools as Array<{ origin: string }>).every((t) => t.origin === 'webmcp')).toBe(true);
    expect(resumes(forwarded)).toHaveLength(1);
    expect(resumes(forwarded)[0]!.status).toBe(200);
    const run = await agentServers.store.getRun(resumes(forwarded)[0]!.body.executionId as string);
    expect(run).toMatchObject({ status: 'completed', dispatch: { apiKeyId: 'persona-proxy' } });
  });

  test('two parallel calls: one pause, one resume with both outputs', async ({ page, agentServers }) => {
    const forwarded = await open(page, agentServers);
    await say(page, '/tool add_item {"sku":"a"}\n/tool add_item {"sku":"b"}');
    await expect(page.locator('#chat')).toContainText('Added: b');
    expect((await calls(page)).sort()).toEqual(['add_item:a', 'add_item:b']);
    expect(resumes(forwarded)).toHaveLength(1);
    expect(Object.keys(resumes(forwarded)[0]!.body.toolOutputs as object)).toHaveLength(2);
  });

  test('a chained call: the second pause arrives inside the resume stream', async ({ page, agentServers }) => {
    const forwarded = await open(page, agentServers);
    await say(page, '/tool add_item {"sku":"c"}\n/then\n/tool get_cart {}');
    await expect(page.locator('#chat')).toContainText('Items: 1');
    expect(await calls(page)).toEqual(['add_item:c', 'get_cart']);
    expect(resumes(forwarded)).toHaveLength(2);
    expect(new Set(resumes(forwarded).map((r) => r.body.executionId)).size).toBe(1);
    expect(forwarded.every((r) => r.status === 200)).toBe(true);
  });
});
