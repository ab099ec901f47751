/**
 * The operator console at `/console`, in real Chromium against the e2e API server: sign in with the
 * admin key, give a surface a client token, narrow its allowlist while a storefront tab is open
 * (the tab keeps offering the tool, the server rejects it), then "Allow" the rejected tool and see
 * the storefront's next turn run it.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { ADMIN_KEY, CLIENT_TOKEN } from './servers.js';

test.describe('the operator console', () => {
  test('/console is a page that asks for the admin key and refuses a wrong one', async ({ page, servers }) => {
    const response = await page.goto(`${servers.apiUrl}/console`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect(page.getByRole('heading', { name: 'webmcp-chat console' })).toBeVisible();
    await page.getByLabel('Admin key').fill('not-the-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('admin key was refused');
  });

  test('a rejected tool is allowed with one click and runs on the next turn', async ({
    page,
    shop,
    servers,
  }, testInfo) => {
    const suffix = `${testInfo.project.name}_${Date.now().toString(36)}`;
    const surfaceId = `console_${suffix}`;
    const token = `ct_test_console_${suffix}`;
    const shopOrigin = servers.shopUrl;
    // The surface starts permissive and without a token; the console gives it one.
    const created = await page.request.put(`${servers.apiUrl}/v1/admin/surfaces/${surfaceId}`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
      data: {
        agent: 'shop',
        behavior: { webmcp: { enabled: true, allowlist: [{ origin: shopOrigin, tools: ['*'] }] } },
      },
    });
    expect(created.status()).toBe(201);

    // The console, in its own tab: the key goes in a header, never in the URL.
    const consolePage = await page.context().newPage();
    await consolePage.goto(`${servers.apiUrl}/console`);
    await consolePage.getByLabel('Admin key').fill(ADMIN_KEY);
    await consolePage.getByRole('button', { name: 'Sign in' }).click();
    const editor = consolePage
      .locator('wc-surface-editor')
      .filter({ has: consolePage.getByRole('heading', { name: `Surface ${surfaceId}` }) });
    await expect(editor).toBeVisible();
    expect(consolePage.url()).not.toContain(ADMIN_KEY);

    // A malformed token is refused with the path shown; a good one is saved.
    const tokenForm = editor.getByRole('form', { name: `Add a client token to ${surfaceId}` });
    await tokenForm.getByLabel('Client token').fill('ct_bad');
    await tokenForm.getByLabel('Allowed origins').fill(shopOrigin);
    await tokenForm.getByRole('button', { name: 'Add token' }).click();
    await expect(editor.getByRole('alert')).toContainText('clientTokens.0.token');
    await tokenForm.getByLabel('Client token').fill(token);
    await tokenForm.getByRole('button', { name: 'Add token' }).click();
    await expect(editor.getByRole('cell', { name: token, exact: true })).toBeVisible();
    await expect(editor.getByRole('alert')).toHaveCount(0);

    // The storefront with the new token: the surface's permissive rules reach the widget at init.
    await useToken(shop.page, token);
    await shop.open();
    await shop.openChat();
    await shop.send('/tool get_cart');
    await shop.waitIdle();
    await expect(shop.toolCards('get_cart')).toHaveAttribute('status', 'done');

    // The operator narrows the allowlist to two named tools.
    const ruleForm = editor.getByRole('form', { name: `Add an allowlist rule to ${surfaceId}` });
    await ruleForm.getByLabel('Rule origin').fill(shopOrigin);
    await ruleForm.getByLabel('Tool globs').fill('search_products, get_cart');
    await ruleForm.getByRole('button', { name: 'Add rule' }).click();
    await expect(editor.getByRole('cell', { name: 'search_products, get_cart', exact: true })).toBeVisible();
    await editor.getByRole('button', { name: `Remove rule 1 (${shopOrigin})` }).click();
    await expect(editor.getByRole('button', { name: /^Remove rule/ })).toHaveCount(1);

    // The open tab still offers add_to_cart; the server refuses it and records why.
    await shop.send('/tool add_to_cart {"productId":"mug-002","quantity":1}');
    await shop.waitIdle();
    expect(await shop.lastReply()).toContain('not available');
    await expect(shop.toolCards('add_to_cart')).toHaveCount(0);

    const tools = consolePage.locator('wc-tools-view');
    await tools.getByRole('button', { name: 'Refresh tools' }).click();
    const rejected = tools.locator(`tr[data-tool="add_to_cart"]`).filter({ hasText: 'tool_not_listed' });
    await expect(rejected).toHaveAttribute('data-status', 'rejected');
    await tools.getByRole('button', { name: `Allow add_to_cart on ${shopOrigin}` }).click();
    await expect(editor.getByRole('row').filter({ hasText: 'add_to_cart' })).toBeVisible();

    // The next turn runs it.
    await shop.send('/tool add_to_cart {"productId":"mug-002","quantity":1}');
    await shop.waitIdle();
    await expect(shop.toolCards('add_to_cart')).toHaveAttribute('status', 'done');
    await expect(shop.page.getByTestId('cart-badge')).toHaveText('1');

    // The conversation, with the call and its result.
    const conversations = consolePage.locator('wc-conversations-view');
    await conversations.getByRole('button', { name: 'Refresh conversations' }).click();
    const row = conversations.getByRole('row').filter({ hasText: surfaceId });
    await row.getByRole('button', { name: /^Show conversation/ }).click();
    await expect(conversations.getByRole('group', { name: 'Tool call add_to_cart' })).toHaveCount(1);
    await expect(conversations.getByRole('group', { name: 'Tool call add_to_cart' })).toContainText(
      'Speckled Stoneware Mug',
    );

    // The key stays for the tab's life: a reload does not ask again.
    await consolePage.reload();
    await expect(consolePage.getByRole('heading', { name: 'Surfaces' })).toBeVisible();
    await expect(consolePage.getByLabel('Admin key')).toHaveCount(0);
  });
});

/**
 * Makes the storefront's script tag carry `token` instead of the e2e token, before the (deferred)
 * widget script reads it. (Fulfilling the page from a route instead would make Chromium treat it
 * as public and block its loopback requests.)
 */
async function useToken(page: Page, token: string): Promise<void> {
  await page.addInitScript(
    ([from, to]) => {
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (node instanceof HTMLScriptElement && node.dataset.clientToken === from) node.dataset.clientToken = to;
          }
        }
      }).observe(document, { childList: true, subtree: true });
    },
    [CLIENT_TOKEN, token] as const,
  );
}
