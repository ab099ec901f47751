/**
 * Playwright fixtures: `servers` (API + storefront, one set per worker) and `shop`, a page helper
 * that opens the storefront and drives the chat the way a shopper does.
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { startServers, type Servers } from './servers.js';

export class ShopPage {
  readonly chat: Locator;

  constructor(
    readonly page: Page,
    readonly servers: Servers,
  ) {
    this.chat = page.locator('webmcp-chat');
  }

  /** Opens the storefront and waits until its WebMCP tools are registered. */
  async open(path = '/'): Promise<void> {
    await this.page.goto(this.servers.shopUrl + path);
    await expect(this.page.locator('html')).toHaveAttribute('data-webmcp-tools', 'registered');
    await this.chat.waitFor({ state: 'attached' });
  }

  /** Opens the chat panel. */
  async openChat(): Promise<void> {
    await this.chat.locator('[part=launcher]').click();
    await expect(this.chat.locator('[part=panel]')).toBeVisible();
  }

  /** Types a message and sends it. */
  async send(text: string): Promise<void> {
    await this.chat.locator('[part=input]').fill(text);
    await this.chat.locator('[part=send]').click();
  }

  /** Waits until the run is over (the send button is back). */
  async waitIdle(): Promise<void> {
    await expect(this.chat.locator('[part=send]')).toBeVisible();
    await expect(this.chat.locator('[part=stop]')).toHaveCount(0);
  }

  /** The text of the last assistant message, as rendered (it lives in the message element's shadow root). */
  async lastReply(): Promise<string> {
    return this.chat
      .locator('[part=message][data-role=assistant]')
      .last()
      .evaluate((el) => el.shadowRoot?.textContent ?? el.textContent ?? '');
  }

  toolCards(name?: string): Locator {
    return name ? this.chat.locator(`[part=tool-card][name="${name}"]`) : this.chat.locator('[part=tool-card]');
  }

  /** Which WebMCP implementation the page has: Chromium's own or a script's. */
  backend(): Promise<'native' | 'script'> {
    return this.page.evaluate(() => {
      const get = Object.getOwnPropertyDescriptor(Document.prototype, 'modelContext')?.get;
      return get && /\[native code\]/.test(Function.prototype.toString.call(get)) ? 'native' : 'script';
    });
  }
}

export const test = base.extend<{ shop: ShopPage }, { servers: Servers }>({
  servers: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const servers = await startServers();
      await use(servers);
      await servers.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  shop: async ({ page, servers }, use) => {
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    await use(new ShopPage(page, servers));
  },
});

export { expect };
