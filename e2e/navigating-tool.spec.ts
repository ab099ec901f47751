/**
 * A page tool that navigates (a full page load) and answers at once, as `location.assign(…)`
 * followed by a return does: its output may or may not reach the server before the page goes.
 * Whichever happens, the next page finishes the run with the reply and never shows "not waiting
 * for tool outputs". Repeated, because the two orders are a race.
 */
import { expect, test } from './fixtures.js';

const RUNS = Number(process.env.NAVIGATION_RUNS ?? 50);

const NAVIGATING_TOOL = `
document.addEventListener('DOMContentLoaded', () => {
  document.modelContext?.registerTool({
    name: 'open_page',
    description: 'Opens another page of the shop',
    inputSchema: { type: 'object', properties: {} },
    annotations: { readOnlyHint: true },
    execute: () => {
      const n = Number(sessionStorage.getItem('open_page_runs') || 0) + 1;
      sessionStorage.setItem('open_page_runs', String(n));
      location.assign('/?visit=' + n);
      return 'Opened visit ' + n;
    },
  });
});
`;

test(`a tool that navigates the page: ${RUNS} runs, each finished on the next page without an error`, async ({
  shop,
}) => {
  test.setTimeout(RUNS * 8_000 + 30_000);
  await shop.page.addInitScript(NAVIGATING_TOOL);
  await shop.open();
  for (let run = 1; run <= RUNS; run++) {
    await shop.page.evaluate(() => {
      // Each run starts a fresh conversation, so the assertions below see only its own messages.
      for (const key of Object.keys(sessionStorage))
        if (key.startsWith('webmcp-chat:transcript:')) sessionStorage.removeItem(key);
    });
    await shop.page.reload();
    await expect(shop.page.locator('html')).toHaveAttribute('data-webmcp-tools', 'registered');
    await shop.openChat();
    const loaded = shop.page.waitForURL(`**/?visit=${run}`);
    await shop.send('/tool open_page {}');
    await loaded;
    await expect(shop.page.locator('html')).toHaveAttribute('data-webmcp-tools', 'registered');
    await shop.openChat();
    // The output when it was recorded before the page went, else "navigated the page": both are honest.
    await expect(shop.chat.locator('[part=message][data-role=assistant]').last(), `run ${run}`).toContainText(
      new RegExp(`Opened visit ${run}|navigated the page`),
      { timeout: 15_000 },
    );
    await shop.waitIdle();
    await expect(shop.chat.locator('[part=message][data-role=error]'), `run ${run}`).toHaveCount(0);
  }
  expect(await shop.page.evaluate(() => sessionStorage.getItem('open_page_runs'))).toBe(String(RUNS));
});
