import { expect, test } from './fixtures.js';

test.describe('client events in the demo shop', () => {
  test('"show me the …" highlights the product card through a client event, without a pause', async ({ shop }) => {
    await shop.open('/#/cart');
    const events = shop.page.evaluateHandle(() => {
      const seen: Array<{ name: string; arguments: Record<string, unknown>; composed: boolean; bubbles: boolean }> = [];
      document.addEventListener('webmcp-chat-client-event', (e) =>
        seen.push({ ...e.detail, composed: e.composed, bubbles: e.bubbles }),
      );
      return seen;
    });
    const resumes: string[] = [];
    shop.page.on('request', (r) => void (r.url().endsWith('/v1/client/resume') && resumes.push(r.url())));
    await shop.openChat();
    await shop.send('show me the speckled stoneware mug');
    await shop.waitIdle();

    // The shop went from the cart back to the grid, scrolled to the card and outlined it.
    const card = shop.page.locator('[data-testid="product-card"][data-product-id="mug-002"]');
    await expect(card).toHaveAttribute('data-highlighted', 'true');
    await expect(card).toBeInViewport();
    await expect(card).toHaveCSS('outline-style', 'solid');
    expect(await (await events).jsonValue()).toEqual([
      {
        name: 'highlight_product',
        arguments: { product: 'speckled stoneware mug' },
        composed: true,
        bubbles: true,
      },
    ]);
    // One-way: the model got "delivered" at once; the page was never asked for a tool output.
    expect(resumes).toHaveLength(0);
    expect(await shop.page.locator('[data-highlighted]').count()).toBe(1);
    expect(await shop.lastReply()).toContain('highlighted “speckled stoneware mug” on the page');
  });
});
