/**
 * The operator console at `/console`, in real Chromium against the e2e API server: sign in with the
 * admin key, give a surface a client token, narrow its allowlist while a storefront tab is open
 * (the tab keeps offering the tool, the server rejects it), then "Allow" the rejected tool and see
 * the storefront's next turn run it.
 */
import type { Page } from '@playwright/test';
import { nearestRank } from '../server/store/insights.js';
import { seedSession, type SeedCall } from '../server/test-support/seed.js';
import { expect, test, type ShopPage } from './fixtures.js';
import { ADMIN_KEY, CLIENT_TOKEN, type Servers } from './servers.js';

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
    consolePage.on('dialog', (dialog) => void dialog.accept());
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

/** Creates (or replaces) a surface through the admin API. */
async function putSurface(page: Page, servers: Servers, id: string, surface: unknown): Promise<void> {
  const res = await page.request.put(`${servers.apiUrl}/v1/admin/surfaces/${id}`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
    data: surface,
  });
  expect(res.ok()).toBe(true);
}

/** The console in a new tab of `page`'s context, signed in; confirmations are accepted. */
async function openConsole(page: Page, servers: Servers): Promise<Page> {
  const consolePage = await page.context().newPage();
  consolePage.on('dialog', (dialog) => void dialog.accept());
  await consolePage.goto(`${servers.apiUrl}/console`);
  await consolePage.getByLabel('Admin key').fill(ADMIN_KEY);
  await consolePage.getByRole('button', { name: 'Sign in' }).click();
  await expect(consolePage.getByRole('heading', { name: 'Surfaces' })).toBeVisible();
  return consolePage;
}

/** One chat turn that runs `get_cart` in the page; passes only when the token still works on the shop's origin. */
async function cartTurn(shop: ShopPage): Promise<void> {
  const before = await shop.toolCards('get_cart').count();
  await shop.send('/tool get_cart');
  await shop.waitIdle();
  await expect(shop.toolCards('get_cart')).toHaveCount(before + 1);
  await expect(shop.toolCards('get_cart').last()).toHaveAttribute('status', 'done');
}

test.describe('the operator console: discovered tools, origins, conversations, activity', () => {
  test('a tool the surface refuses is reported by the widget, listed, allowed, and admitted on the next turn', async ({
    page,
    shop,
    servers,
  }, testInfo) => {
    const suffix = `${testInfo.project.name}_${Date.now().toString(36)}`;
    const surfaceId = `refuse_${suffix}`;
    const token = `ct_test_refuse_${suffix}`;
    await putSurface(page, servers, surfaceId, {
      agent: 'shop',
      clientTokens: [{ token, allowedOrigins: [servers.shopUrl] }],
      behavior: {
        webmcp: { enabled: true, allowlist: [{ origin: servers.shopUrl, tools: ['search_products', 'get_cart'] }] },
      },
    });
    await useToken(shop.page, token);
    await shop.open();
    await shop.openChat();
    // The widget never offers add_to_cart (its copy of the rules refuses it) and says so.
    await cartTurn(shop);

    const consolePage = await openConsole(page, servers);
    const tools = consolePage.locator('wc-tools-view');
    const seen = tools.getByRole('table', { name: `Surface ${surfaceId} on ${servers.shopUrl}` });
    const row = seen.locator(`tr[data-tool="add_to_cart"]`).filter({ hasText: 'tool_not_listed' });
    await expect(row).toHaveAttribute('data-status', 'rejected'); // the view refreshes itself
    await tools.getByRole('button', { name: `Allow add_to_cart on ${servers.shopUrl}` }).click();
    const editor = consolePage
      .locator('wc-surface-editor')
      .filter({ has: consolePage.getByRole('heading', { name: `Surface ${surfaceId}` }) });
    // The origin's rule was extended, not a second rule added.
    await expect(
      editor.getByRole('cell', { name: 'search_products, get_cart, add_to_cart', exact: true }),
    ).toBeVisible();
    await expect(editor.getByRole('button', { name: /^Remove rule/ })).toHaveCount(1);
    await expect(consolePage.locator('wc-audit-view tr[data-action="rule.allow"]').first()).toContainText(
      `allowed add_to_cart on ${servers.shopUrl}`,
    );

    // The same tab, no reload: the next turn re-reads the rules and runs the tool.
    await shop.send('/tool add_to_cart {"productId":"mug-002","quantity":1}');
    await shop.waitIdle();
    await expect(shop.toolCards('add_to_cart')).toHaveAttribute('status', 'done');
    await expect(shop.page.getByTestId('cart-badge')).toHaveText('1');
    await expect(row).toHaveCount(0);
    await expect(seen.locator(`tr[data-tool="add_to_cart"][data-status="admitted"]`)).toHaveCount(1);
  });

  test('editing a token’s origin list keeps the other origins working throughout', async ({
    page,
    shop,
    servers,
  }, testInfo) => {
    const suffix = `${testInfo.project.name}_${Date.now().toString(36)}`;
    const surfaceId = `origins_${suffix}`;
    const token = `ct_test_origins_${suffix}`;
    await putSurface(page, servers, surfaceId, {
      agent: 'shop',
      clientTokens: [{ token, allowedOrigins: [servers.shopUrl, servers.strictShopUrl] }],
      behavior: { webmcp: { enabled: true } },
    });
    await useToken(shop.page, token);
    await shop.open();
    await shop.openChat();
    await cartTurn(shop);

    const consolePage = await openConsole(page, servers);
    const editor = consolePage
      .locator('wc-surface-editor')
      .filter({ has: consolePage.getByRole('heading', { name: `Surface ${surfaceId}` }) });
    const origins = editor.getByRole('list', { name: `Allowed origins of ${token}` });
    await expect(origins.getByRole('listitem')).toHaveCount(2);

    const add = editor.getByRole('form', { name: `Add an origin to ${token}` });
    await add.getByLabel('New origin').fill(servers.personaUrl);
    await add.getByRole('button', { name: 'Add origin' }).click();
    await expect(origins.getByRole('listitem')).toHaveCount(3);
    await cartTurn(shop);

    await editor.getByRole('button', { name: `Remove origin ${servers.strictShopUrl} from ${token}` }).click();
    await expect(origins.getByRole('listitem')).toHaveCount(2);
    await expect(origins).toContainText(servers.shopUrl);
    await expect(origins).toContainText(servers.personaUrl);
    await cartTurn(shop);

    // The edits are in the change list, and a removed origin is refused at once.
    const changes = consolePage.locator('wc-audit-view');
    await expect(
      changes.getByRole('row').filter({ hasText: `origins of ${token}: +${servers.personaUrl}` }),
    ).toHaveCount(1);
    await expect(
      changes.getByRole('row').filter({ hasText: `origins of ${token}: −${servers.strictShopUrl}` }),
    ).toHaveCount(1);
    const refused = await page.request.post(`${servers.apiUrl}/v1/client/init`, {
      headers: { origin: servers.strictShopUrl },
      data: { token },
    });
    expect(refused.status()).toBe(403);
  });

  test('search, filters and the activity charts on a seeded store of 1,000 conversations', async ({
    page,
    servers,
  }, testInfo) => {
    const suffix = `${testInfo.project.name}_${Date.now().toString(36)}`;
    const surfaceId = `seeded_${suffix}`;
    const tool = (n: number) => `seeded_${['lookup', 'quote', 'order'][n % 3]}_${suffix}`;
    const base = Date.now() - 2 * 86_400_000;
    const calls: Array<SeedCall & { i: number }> = [];
    for (let i = 0; i < 1000; i++) {
      const seeded: SeedCall = {
        name: tool(i),
        ...(i % 3 === 1 ? { origin: 'server' as const } : {}),
        durationMs: ((i * 37) % 500) + 5,
        outcome: i % 10 === 0 ? 'error' : i % 3 === 2 && i % 7 === 0 ? 'denied' : 'ok',
      };
      calls.push({ ...seeded, i });
      await servers.store.saveSession(
        seedSession(`conv_${suffix}_${String(i).padStart(4, '0')}`, {
          base,
          start: i,
          surfaceId,
          origin: i % 2 ? servers.shopUrl : servers.strictShopUrl,
          user: i % 50 === 0 ? `looking for a zebra teapot ${i}` : `hello number ${i}`,
          reply: 'Done.',
          calls: [seeded],
        }),
      );
    }
    const consolePage = await openConsole(page, servers);

    // Search: the 20 "zebra" conversations, newest first, two pages of 10 at the API's cursor.
    const conversations = consolePage.locator('wc-conversations-view');
    const form = conversations.getByRole('form', { name: 'Search conversations' });
    await form.getByLabel('Words').fill('ZEBRA teapot');
    await form.getByLabel('Surface').fill(surfaceId);
    await form.getByRole('button', { name: 'Search' }).click();
    const rows = conversations.locator('tbody tr[data-conversation]');
    await expect(rows).toHaveCount(20);
    await expect(rows.first()).toHaveAttribute('data-conversation', `conv_${suffix}_0950`);
    await expect(conversations.getByRole('button', { name: 'Older' })).toBeDisabled();

    // Filters: errors on one origin; then a tool with denials.
    await form.getByLabel('Words').fill('');
    await form.getByLabel('Origin').fill(servers.shopUrl);
    await form.getByLabel('Had an error').check();
    await form.getByRole('button', { name: 'Search' }).click();
    // Odd i (the shop's origin) with i % 10 === 0: none — every error is on an even i.
    await expect(conversations.getByText('No conversations match.')).toBeVisible();
    await form.getByLabel('Origin').fill(servers.strictShopUrl);
    await form.getByRole('button', { name: 'Search' }).click();
    await expect(rows).toHaveCount(20); // 100 errors, one page of 20
    await conversations.getByRole('button', { name: 'Older' }).click();
    await expect(conversations.getByText('Page 2', { exact: true })).toBeVisible();
    await expect(rows.first()).toHaveAttribute('data-conversation', `conv_${suffix}_0790`);
    await form.getByLabel('Origin').fill('');
    await form.getByLabel('Had an error').uncheck();
    await form.getByLabel('Had a denial').check();
    await form.getByLabel('Tool used').fill(tool(2));
    await form.getByRole('button', { name: 'Search' }).click();
    const denied = calls.filter((c) => c.outcome === 'denied').map((c) => c.i);
    await expect(rows.first()).toHaveAttribute(
      'data-conversation',
      `conv_${suffix}_${String(denied.at(-1)).padStart(4, '0')}`,
    );
    await expect(rows).toHaveCount(Math.min(20, denied.length));

    // The conversation view: the call with its place and duration.
    const last = calls.find((c) => c.i === denied.at(-1))!;
    await rows
      .first()
      .getByRole('button', { name: /^Show conversation/ })
      .click();
    const call = conversations.getByRole('group', { name: `Tool call ${tool(2)}` });
    await expect(call).toContainText(`${last.durationMs} ms`);
    await expect(call).toContainText('declined');

    // Export of the filtered set.
    const exported = await page.request.get(
      `${servers.apiUrl}/v1/conversations/export?surface=${surfaceId}&denied=1&tool=${tool(2)}`,
      { headers: { authorization: `Bearer ${ADMIN_KEY}` } },
    );
    expect((await exported.text()).trim().split('\n')).toHaveLength(denied.length);

    // The activity charts, against the seed.
    const activity = consolePage.locator('wc-activity-view');
    for (const k of [0, 1, 2]) {
      const mine = calls.filter((c) => c.i % 3 === k);
      const durations = mine.map((c) => c.durationMs!).sort((a, b) => a - b);
      const pct = (n: number) => (n === 0 ? '0%' : `${((n / mine.length) * 100).toFixed(1)}%`);
      const row = activity.locator(`tr[data-tool="${tool(k)}"]`);
      await expect(row).toHaveAttribute('data-kind', k === 1 ? 'server' : 'page');
      await expect(row.locator('[data-metric="calls"]')).toHaveText(String(mine.length));
      await expect(row.locator('[data-metric="error-rate"]')).toHaveText(
        pct(mine.filter((c) => c.outcome === 'error').length),
      );
      await expect(row.locator('[data-metric="denial-rate"]')).toHaveText(
        pct(mine.filter((c) => c.outcome === 'denied').length),
      );
      await expect(row.locator('[data-metric="p50"]')).toHaveText(`${nearestRank(durations, 50)} ms`);
      await expect(row.locator('[data-metric="p95"]')).toHaveText(`${nearestRank(durations, 95)} ms`);
    }
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
