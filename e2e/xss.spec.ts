/**
 * The XSS corpus (`e2e/xss/*.jsonl`, sources in `e2e/xss/README.md`) against the widget on the
 * storefront: as model text streamed word by word (`/echo`), as a page tool's result (tool card and
 * the model's markdown summary), and fed straight to `<webmcp-chat-message>` in random chunks.
 * After each: no payload ran, no request left for another origin, and no shadow root holds an
 * `on*` attribute, a `javascript:`/`data:`/`vbscript:` URL or an active element.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from '@playwright/test';
import { expect, test, type ShopPage } from './fixtures.js';
import {
  batches,
  canary,
  guardRequests,
  installCanary,
  joinBatch,
  loadCorpus,
  shadowDomProblems,
  type XssCase,
} from './xss/harness.js';

const corpus = loadCorpus();
const SEED = 20240611;

async function expectClean(page: Page, leaks: string[]): Promise<void> {
  expect(await canary(page), 'a payload ran').toEqual({ tripped: false, hits: [] });
  expect(leaks, 'requests to other origins').toEqual([]);
  expect(await shadowDomProblems(page), 'dangerous DOM in the widget').toEqual([]);
}

/** The text of the last assistant reply, read from the message's shadow root when it has one. */
function lastReplyText(shop: ShopPage): Promise<string> {
  return shop.chat
    .locator('[part~=message][data-role=assistant]')
    .last()
    .evaluate((el) => (el.shadowRoot ?? el).textContent ?? '');
}

/** Sends a message and waits for the run's final assistant reply to finish streaming. */
async function sendAndWait(shop: ShopPage, text: string): Promise<void> {
  const replies = shop.chat.locator('[part~=message][data-role=assistant]');
  const before = await replies.count();
  await shop.send(text);
  await expect(replies).toHaveCount(before + 1, { timeout: 20_000 });
  await expect(replies.last()).not.toHaveAttribute('data-streaming', /.*/, { timeout: 20_000 });
  await shop.waitIdle();
}

test.describe('hostile text in the widget (XSS corpus)', () => {
  test('the corpus has at least 200 inputs, each with a unique id', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((c) => c.id)).size).toBe(corpus.length);
  });

  test('as model text, streamed word by word (/echo)', async ({ shop, servers }) => {
    await installCanary(shop.page);
    const leaks = guardRequests(shop.page, [servers.shopUrl, servers.apiUrl]);
    await shop.open();
    await shop.openChat();
    const groups = batches(corpus, 7000);
    for (const batch of groups) {
      await sendAndWait(shop, `/echo ${joinBatch(batch)}`);
      // the reply really is the hostile text (its first marker survives any markdown)
      expect(await lastReplyText(shop)).toContain(`xss-case ${batch[0]!.id}`);
    }
    await expectClean(shop.page, leaks);
  });

  test('as a page tool result: on the tool card and in the model summary', async ({ shop, servers }) => {
    const groups = batches(corpus, 12_000).map(joinBatch);
    await installCanary(shop.page);
    await shop.page.addInitScript((results: string[]) => {
      document.addEventListener('DOMContentLoaded', () => {
        const context = (document as unknown as { modelContext?: { registerTool(tool: unknown): unknown } })
          .modelContext;
        context?.registerTool({
          name: 'xss_probe',
          description: 'Returns hostile text for the XSS tests',
          inputSchema: { type: 'object', properties: { batch: { type: 'integer' } }, required: ['batch'] },
          annotations: { readOnlyHint: true },
          execute: (input: { batch: number }) => results[input.batch] ?? '',
        });
      });
    }, groups);
    const leaks = guardRequests(shop.page, [servers.shopUrl, servers.apiUrl]);
    await shop.open();
    await shop.openChat();
    for (let i = 0; i < groups.length; i++) {
      await sendAndWait(shop, `/tool xss_probe {"batch":${i}}`);
      await expect(shop.toolCards('xss_probe').nth(i)).toHaveAttribute('status', 'done');
    }
    expect(await lastReplyText(shop)).toContain('xss-case');
    await expectClean(shop.page, leaks);
  });

  test('fed straight to <webmcp-chat-message>, split at random chunk boundaries', async ({
    shop,
    servers,
  }, testInfo) => {
    await installCanary(shop.page);
    const leaks = guardRequests(shop.page, [servers.shopUrl, servers.apiUrl]);
    await shop.open();
    // opening the chat loads the panel, which defines the widget's own <webmcp-chat-message>
    await shop.openChat();
    const source = await build({
      entryPoints: [fileURLToPath(new URL('./xss/source-element.ts', import.meta.url))],
      bundle: true,
      format: 'iife',
      write: false,
      platform: 'browser',
      target: 'es2022',
    });
    await shop.page.addScriptTag({ content: source.outputFiles[0]!.text });

    const report = await shop.page.evaluate(
      async ({ cases, seed }: { cases: XssCase[]; seed: number }) => {
        let a = seed >>> 0;
        const random = (): number => {
          a = (a + 0x6d2b79f5) >>> 0;
          let t = a;
          t = Math.imul(t ^ (t >>> 15), t | 1);
          t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
          return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        };
        type Message = HTMLElement & {
          role: string;
          text: string;
          streaming: boolean;
          updateComplete: Promise<boolean>;
        };
        const host = document.createElement('div');
        host.hidden = true;
        document.body.append(host);
        const stream = async (tag: string, role: string, input: string): Promise<Message> => {
          const el = document.createElement(tag) as Message;
          el.role = role;
          el.streaming = true;
          host.append(el);
          for (let i = 0; i < input.length;) {
            i += 1 + Math.floor(random() * 12);
            el.text = input.slice(0, i);
            await el.updateComplete;
          }
          el.streaming = false;
          await el.updateComplete;
          return el;
        };
        const tags = [
          'xss-source-chat-message',
          ...(customElements.get('webmcp-chat-message') ? ['webmcp-chat-message'] : []),
        ];
        const rendersMarkdown: Record<string, boolean> = {};
        let streamed = 0;
        for (const tag of tags) {
          const probe = await stream(tag, 'assistant', '**bold**');
          rendersMarkdown[tag] = probe.shadowRoot?.querySelector('strong') !== null;
          for (const [i, c] of cases.entries()) {
            await stream(tag, i % 4 === 0 ? 'welcome' : 'assistant', c.input);
            streamed++;
          }
          // everything at once, so inputs also meet each other's unfinished constructs
          await stream(tag, 'assistant', cases.map((c) => c.input).join('\n'));
        }
        return { tags, rendersMarkdown, streamed };
      },
      { cases: corpus, seed: SEED },
    );
    testInfo.annotations.push({ type: 'renderers', description: JSON.stringify(report.rendersMarkdown) });
    // the source renderer must really be the markdown renderer, or this test proves nothing
    expect(report.rendersMarkdown['xss-source-chat-message']).toBe(true);
    expect(report.streamed).toBe(corpus.length * report.tags.length);
    await expectClean(shop.page, leaks);
  });
});
