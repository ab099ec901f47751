import { expect, test } from './fixtures.js';
import { PAGE_TOOLS_SCRIPT } from './page-tools.js';

test.describe('the bridge in real pages', () => {
  test.beforeEach(async ({ shop }) => {
    await shop.page.addInitScript(PAGE_TOOLS_SCRIPT);
  });

  test('a chained call: a second pause inside the resume stream is handled the same way', async ({ shop }) => {
    await shop.open();
    const resumes: string[] = [];
    shop.page.on('request', (r) => void (r.url().endsWith('/v1/client/resume') && resumes.push(r.url())));
    await shop.openChat();
    await shop.send('/tool add_to_cart {"productId":"mug-003","quantity":2}\n/then\n/tool get_cart {}');
    await shop.waitIdle();
    await expect(shop.toolCards()).toHaveCount(2);
    await expect(shop.toolCards('add_to_cart')).toHaveAttribute('status', 'done');
    await expect(shop.toolCards('get_cart')).toHaveAttribute('status', 'done');
    expect(resumes).toHaveLength(2);
    const reply = await shop.lastReply();
    expect(reply).toContain('Total quantity: 2');
    await expect(shop.page.getByTestId('cart-badge')).toHaveText('2');
  });

  test('a consequential tool asks first: denied, then approved, then remembered for the site', async ({ shop }) => {
    await shop.open();
    await shop.openChat();
    await shop.send('/tool add_to_cart {"productId":"mug-001"}');
    await shop.waitIdle();
    await expect(shop.page.getByTestId('cart-badge')).toHaveText('1');

    await shop.send('/tool checkout {}');
    const card = shop.toolCards('checkout').last();
    await expect(card).toHaveAttribute('status', 'consent');
    await expect(shop.chat.getByText('Waiting for the page’s tools…')).toBeVisible();
    await card.getByRole('button', { name: 'Deny' }).click();
    await shop.waitIdle();
    await expect(card).toHaveAttribute('status', 'error');
    expect(await shop.lastReply()).toContain('declined');
    await expect(shop.page.getByTestId('cart-badge')).toHaveText('1');
    await expect(shop.page.getByTestId('order-confirmation')).toHaveCount(0);

    await shop.send('/tool checkout {}');
    const second = shop.toolCards('checkout').last();
    await expect(second).toHaveAttribute('status', 'consent');
    await second.getByRole('button', { name: 'Allow for this site' }).click();
    await shop.waitIdle();
    await expect(second).toHaveAttribute('status', 'done');
    await expect(shop.page.getByTestId('order-confirmation')).toBeVisible();
    await expect(shop.page.getByTestId('cart-badge')).toHaveText('0');

    // Remembered: the next checkout runs without asking.
    await shop.send('/tool add_to_cart {"productId":"mug-002"}\n/then\n/tool checkout {}');
    await shop.waitIdle();
    const third = shop.toolCards('checkout').last();
    await expect(third).toHaveAttribute('status', 'done');
    expect(await third.evaluate((el) => el.shadowRoot!.querySelector('.consent'))).toBeNull();
  });

  test('the page can veto a call with its cancelable event', async ({ shop }) => {
    await shop.open();
    await shop.page.evaluate(() => {
      document.querySelector('webmcp-chat')!.addEventListener('webmcp-chat-tool-call', (e) => {
        if ((e as Event & { detail: { name: string } }).detail.name === 'add_to_cart') e.preventDefault();
      });
    });
    await shop.openChat();
    await shop.send('/tool add_to_cart {"productId":"mug-001"}');
    await shop.waitIdle();
    await expect(shop.toolCards('add_to_cart')).toHaveAttribute('status', 'error');
    expect(await shop.lastReply()).toContain('declined');
    await expect(shop.page.getByTestId('cart-badge')).toHaveText('0');
  });

  test('a tool that never returns times out and the model says so', async ({ shop }) => {
    await shop.open();
    await shop.page.evaluate(() => {
      document.querySelector('webmcp-chat')!.toolTimeouts = { never_returns: 700 };
    });
    await shop.openChat();
    await shop.send('/tool never_returns {}');
    await shop.waitIdle();
    await expect(shop.toolCards('never_returns')).toHaveAttribute('status', 'error');
    expect(await shop.lastReply()).toContain('did not finish within 700 ms');
  });

  test('a tool that reloads the page mid-call: the run completes after the reload, and the tool ran once', async ({
    shop,
    servers,
  }) => {
    await shop.open();
    const resumed: string[] = [];
    shop.page.on(
      'request',
      (r) =>
        void (
          r.url().endsWith('/v1/client/resume') &&
          resumed.push((r.postDataJSON() as { executionId: string }).executionId)
        ),
    );
    await shop.openChat();
    // Listen before sending: on a busy machine the reload can come before `send` returns.
    const reloaded = shop.page.waitForEvent('load');
    await shop.send('/tool reload_page {}\n/tool get_cart {}');
    await reloaded;
    await expect(shop.page.locator('html')).toHaveAttribute('data-webmcp-tools', 'registered');
    await shop.openChat();
    await expect(shop.chat.locator('[part=message][data-role=assistant]').last()).toContainText('navigated the page', {
      timeout: 15_000,
    });
    await shop.waitIdle();
    expect(await shop.page.evaluate(() => sessionStorage.getItem('reload_page_runs'))).toBe('1');
    expect(
      await shop.page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('webmcp-chat:pause:'))),
    ).toEqual([]);
    // The conversation from before the reload is still there.
    await expect(shop.chat.locator('[part=message][data-role=user]').first()).toContainText('/tool reload_page');
    expect(resumed).toHaveLength(1);
    const run = await servers.store.getRun(resumed[0]!);
    expect(run?.status).toBe('completed');
  });

  test('stop during a running tool aborts it and ends the server run instead of leaving it paused', async ({
    shop,
    servers,
  }) => {
    await shop.open();
    await shop.openChat();
    let executionId = '';
    shop.page.on('response', async (response) => {
      if (!response.url().endsWith('/v1/client/chat')) return;
      executionId = /"executionId":"([^"]+)"/.exec(await response.text())?.[1] ?? '';
    });
    await shop.send('/tool slow_tool {}');
    await expect(shop.toolCards('slow_tool')).toHaveAttribute('status', 'running');
    await shop.chat.locator('[part=stop]').click();
    await shop.waitIdle();
    expect(await shop.page.evaluate(() => (window as unknown as { __slowAborted?: boolean }).__slowAborted)).toBe(true);
    await expect(shop.toolCards('slow_tool')).toHaveAttribute('status', 'error');
    await expect.poll(async () => (await servers.store.getRun(executionId))?.status).toBe('completed');
  });
});
