/**
 * The demo storefront driven the way a shopper talks: questions in plain words, no directives,
 * ending with the cart badge changed by the page's own tool.
 */
import { expect, test } from './fixtures.js';

test.describe('a shopper in plain words', () => {
  test('asks for a mug, adds one to the cart in a sentence, and the badge changes', async ({ shop }) => {
    await shop.open();
    await expect(shop.page.getByTestId('cart-badge')).toHaveText('0');
    await shop.openChat();
    await shop.send('find me a mug');
    await shop.waitIdle();
    await expect(shop.toolCards('search_products').first()).toHaveAttribute('status', 'done');
    expect(await shop.lastReply()).toContain('Speckled Stoneware Mug');

    // The offline model resolves a product named by its id; by its name ("the speckled stoneware
    // mug") once it chains a search before the call that needs the id.
    await shop.send('please add product mug-002 to my cart');
    await shop.waitIdle();
    await expect(shop.toolCards('add_to_cart').first()).toHaveAttribute('status', 'done');
    await expect(shop.page.getByTestId('cart-badge')).toHaveText('1');
    // The card shows the result in words, not JSON.
    await expect(shop.toolCards('add_to_cart').first().locator('.view')).not.toContainText('{"');
  });
});
