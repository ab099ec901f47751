import { expect, test } from './fixtures.js';

test.describe('a page tool called by the model, end to end', () => {
  test('the WebMCP backend is the one this project runs with', async ({ shop }, testInfo) => {
    await shop.open();
    const expected = testInfo.project.metadata.webmcp === 'native' ? 'native' : 'script';
    expect(await shop.backend()).toBe(expected);
  });

  test('"find me a mug" is answered from the page\'s own search result', async ({ shop }) => {
    await shop.open();
    await shop.openChat();
    await shop.send('find me a mug');
    await shop.waitIdle();
    const card = shop.toolCards('search_products');
    await expect(card).toHaveCount(1);
    await expect(card).toHaveAttribute('status', 'done');
    // The page ran the search: its grid now shows the result.
    await expect(shop.page.getByTestId('product-grid')).toContainText('Speckled Stoneware Mug');
    // The reply is built from what the page's tool returned.
    const reply = await shop.lastReply();
    expect(reply).toContain('Classic White Mug');
    expect(reply).toContain('Speckled Stoneware Mug');
  });

  test("/tool add_to_cart changes the page's cart badge", async ({ shop }) => {
    await shop.open();
    await expect(shop.page.getByTestId('cart-badge')).toHaveText('0');
    await shop.openChat();
    await shop.send('/tool add_to_cart {"productId":"mug-002","quantity":3}');
    await shop.waitIdle();
    await expect(shop.page.getByTestId('cart-badge')).toHaveText('3');
    await expect(shop.toolCards('add_to_cart')).toHaveAttribute('status', 'done');
    expect(await shop.lastReply()).toContain('Speckled Stoneware Mug');
  });

  test('a question in plain words searches, adds the product it found, and the cart badge changes', async ({
    shop,
  }) => {
    await shop.open();
    await expect(shop.page.getByTestId('cart-badge')).toHaveText('0');
    await shop.openChat();
    await shop.send('add two of the speckled mug to my cart');
    await shop.waitIdle();
    await expect(shop.toolCards('search_products')).toHaveAttribute('status', 'done');
    await expect(shop.toolCards('add_to_cart')).toHaveAttribute('status', 'done');
    await expect(shop.page.getByTestId('cart-badge')).toHaveText('2');
    const reply = await shop.lastReply();
    expect(reply).toContain('Speckled Stoneware Mug');
    expect(reply).not.toContain('{"');
  });

  test('two parallel calls in one pause are answered by one resume', async ({ shop }) => {
    await shop.open();
    const resumes: Array<{ executionId: string; toolOutputs: Record<string, unknown> }> = [];
    shop.page.on('request', (request) => {
      if (request.url().endsWith('/v1/client/resume')) resumes.push(request.postDataJSON());
    });
    const awaits: string[] = [];
    shop.page.on('response', async (response) => {
      if (!response.url().endsWith('/v1/client/chat')) return;
      for (const line of (await response.text()).split('\n')) {
        if (!line.startsWith('data: ')) continue;
        const frame = JSON.parse(line.slice(6)) as { type: string; toolCallId?: string };
        if (frame.type === 'await') awaits.push(frame.toolCallId!);
      }
    });
    await shop.openChat();
    await shop.send(
      '/tool add_to_cart {"productId":"mug-001","quantity":1}\n/tool add_to_cart {"productId":"tee-001","quantity":2}',
    );
    await shop.waitIdle();
    await expect(shop.toolCards('add_to_cart')).toHaveCount(2);
    for (const card of await shop.toolCards('add_to_cart').all()) await expect(card).toHaveAttribute('status', 'done');
    await expect(shop.page.getByTestId('cart-badge')).toHaveText('3');
    expect(resumes).toHaveLength(1);
    expect(awaits).toHaveLength(2);
    expect(Object.keys(resumes[0]!.toolOutputs).sort()).toEqual([...awaits].sort());
    const reply = await shop.lastReply();
    expect(reply).toContain('Classic White Mug');
    expect(reply).toContain('Coffee Club T-Shirt');
  });
});
