/**
 * The recommended script tag on pages written the way other WebMCP pages are
 * (`demo-site/elsewhere/`, served by the storefront's dev server): one that feature-detects WebMCP
 * in an inline script, one written against the older `navigator.modelContext.registerTool`, and one
 * that places `<webmcp-chat>` itself (with and without `defer` on the tag).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

async function askFor(page: Page, tool: string): Promise<void> {
  const chat = page.locator('webmcp-chat');
  await chat.locator('[part=launcher]').click();
  await chat.locator('[part=input]').fill(`/tool ${tool} {}`);
  await chat.locator('[part=send]').click();
  await expect(chat.locator(`[part=tool-card][name=${tool}]`)).toHaveAttribute('status', 'done');
  await expect(chat.locator('[part=stop]')).toHaveCount(0);
}

test.describe('the script tag on any WebMCP page', () => {
  test('a page that registers from an inline `if (document.modelContext)` script gets its tool called', async ({
    page,
    servers,
  }) => {
    await page.goto(`${servers.shopUrl}/elsewhere/inline-detect.html`);
    await expect(page.locator('html')).toHaveAttribute('data-registered', 'yes');
    await askFor(page, 'inline_greeting');
    expect(await page.evaluate(() => (window as unknown as { greeted: number }).greeted)).toBe(1);
    await expect(page.locator('webmcp-chat [part=message][data-role=assistant]').last()).toContainText(
      'Hello from an inline script',
    );
  });

  test('a page written against `navigator.modelContext.registerTool` gets its tool called', async ({
    page,
    servers,
  }) => {
    await page.goto(`${servers.shopUrl}/elsewhere/navigator-api.html`);
    await expect(page.locator('html')).toHaveAttribute('data-registered', 'yes');
    await askFor(page, 'legacy_greeting');
    await expect(page.locator('webmcp-chat [part=message][data-role=assistant]').last()).toContainText(
      'Hello from the older API',
    );
  });

  for (const deferred of [false, true]) {
    test(`a page that places <webmcp-chat> itself${deferred ? ' (tag with defer)' : ''} gets one widget with a working panel`, async ({
      page,
      servers,
    }) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${servers.shopUrl}/elsewhere/own-element${deferred ? '-defer' : ''}.html`);
      const chat = page.locator('webmcp-chat');
      await expect(chat.locator('[part=panel]')).toBeVisible();
      await expect(chat.locator('[part=message][data-role=welcome]')).toContainText('Hi from the e2e shop.');
      await page.waitForLoadState('load');
      await expect(chat).toHaveCount(1);
      await chat.locator('[part=input]').fill('/echo one widget');
      await chat.locator('[part=send]').click();
      await expect(chat.locator('[part=message][data-role=assistant]').last()).toContainText('one widget');
      expect(await page.evaluate(() => (window as unknown as { chatErrors: string[] }).chatErrors)).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
});
