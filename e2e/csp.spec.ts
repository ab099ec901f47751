import { expect, test } from './fixtures.js';

test('under a strict CSP (no unsafe-inline, no unsafe-eval, Trusted Types required) a conversation with tool calls reports no violation', async ({
  shop,
  servers,
}) => {
  const violations: string[] = [];
  await shop.page.addInitScript(() => {
    (window as unknown as { __violations: string[] }).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __violations: string[] }).__violations.push(
        `${e.violatedDirective} ${e.blockedURI} ${e.sample}`,
      );
    });
  });
  shop.page.on('console', (m) => {
    if (/Content Security Policy|Trusted Type/i.test(m.text())) violations.push(m.text());
  });
  const response = await shop.page.goto(servers.strictShopUrl);
  expect(response?.headers()['content-security-policy']).toContain("require-trusted-types-for 'script'");
  await expect(shop.page.locator('html')).toHaveAttribute('data-webmcp-tools', 'registered');
  await shop.openChat();
  await shop.send('find me a mug');
  await shop.waitIdle();
  await expect(shop.toolCards('search_products')).toHaveAttribute('status', 'done');
  expect(await shop.lastReply()).toContain('Classic White Mug');
  await shop.send('/tool add_to_cart {"productId":"mug-001","quantity":2}');
  await shop.waitIdle();
  await expect(shop.page.getByTestId('cart-badge')).toHaveText('2');
  violations.push(...(await shop.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)));
  expect(violations).toEqual([]);
});
