/**
 * Interop: the real `@runtypelabs/persona` widget (script-tag build, client-token mode, WebMCP
 * enabled, `@mcp-b/webmcp-polyfill` on the page) uses our server as its API.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

interface Traffic {
  chats: Array<Record<string, unknown>>;
  chatStatuses: number[];
  resumes: Array<{ executionId: string; toolOutputs: Record<string, unknown> }>;
}

async function openPersona(page: Page, url: string): Promise<Traffic> {
  const traffic: Traffic = { chats: [], chatStatuses: [], resumes: [] };
  page.on('request', (r) => {
    if (r.url().endsWith('/v1/client/chat')) traffic.chats.push(r.postDataJSON() as Record<string, unknown>);
    if (r.url().endsWith('/v1/client/resume')) traffic.resumes.push(r.postDataJSON() as Traffic['resumes'][number]);
  });
  page.on('response', (r) => void (r.url().endsWith('/v1/client/chat') && traffic.chatStatuses.push(r.status())));
  await page.goto(url);
  await expect(page.locator('#chat textarea').first()).toBeVisible();
  return traffic;
}

async function say(page: Page, text: string): Promise<void> {
  const input = page.locator('#chat textarea').first();
  await input.fill(text);
  await input.press('Enter');
}

const calls = (page: Page) => page.evaluate(() => (window as unknown as { calls: string[] }).calls);

test.describe('the Persona widget against our server', () => {
  test('a single call: the page tool runs and the reply is built from its result', async ({ page, servers }) => {
    const traffic = await openPersona(page, servers.personaUrl);
    await say(page, '/tool add_item {"sku":"mug-1"}');
    await expect(page.locator('#chat')).toContainText('Added: mug-1');
    expect(await calls(page)).toEqual(['add_item:mug-1']);
    await expect(page.locator('#cart')).toHaveText('1');
    expect(traffic.resumes).toHaveLength(1);
    expect(Array.isArray(traffic.chats[0]!.clientTools)).toBe(true);
  });

  test('two parallel calls to the same tool: one pause, one resume with both outputs', async ({ page, servers }) => {
    const traffic = await openPersona(page, servers.personaUrl);
    await say(page, '/tool add_item {"sku":"a"}\n/tool add_item {"sku":"b"}');
    await expect(page.locator('#chat')).toContainText('Added: b');
    expect((await calls(page)).sort()).toEqual(['add_item:a', 'add_item:b']);
    expect(traffic.resumes).toHaveLength(1);
    expect(Object.keys(traffic.resumes[0]!.toolOutputs)).toHaveLength(2);
  });

  test('a chained call: the second pause arrives inside the resume stream', async ({ page, servers }) => {
    const traffic = await openPersona(page, servers.personaUrl);
    await say(page, '/tool add_item {"sku":"c"}\n/then\n/tool get_cart {}');
    await expect(page.locator('#chat')).toContainText('Items: 1');
    expect(await calls(page)).toEqual(['add_item:c', 'get_cart']);
    expect(traffic.resumes).toHaveLength(2);
    expect(new Set(traffic.resumes.map((r) => r.executionId)).size).toBe(1);
  });

  test('the fingerprint send-once path, including the 409 resend', async ({ page, servers }) => {
    const traffic = await openPersona(page, servers.personaUrl);
    await say(page, '/echo first');
    await expect(page.locator('#chat')).toContainText('first', { timeout: 10_000 });
    await expect.poll(() => traffic.chatStatuses.length).toBe(1);
    // The server forgets the session's stored tool sets (as another instance without them would).
    const sessionId = traffic.chats[0]!.sessionId as string;
    const session = (await servers.store.getSession(sessionId))!;
    expect(Object.keys(session.toolSets)).toHaveLength(1);
    session.toolSets = {};
    await servers.store.saveSession(session);
    await say(page, '/tool get_cart {}');
    await expect(page.locator('#chat')).toContainText('Items: 0');
    // Fingerprint only → 409 client_tools_resend_required → the full list once more.
    expect(traffic.chatStatuses).toEqual([200, 409, 200]);
    expect(traffic.chats.map((c) => Array.isArray(c.clientTools))).toEqual([true, false, true]);
    expect(traffic.chats[1]!.clientToolsFingerprint).toBe(traffic.chats[0]!.clientToolsFingerprint);
  });
});
