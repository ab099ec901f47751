import { expect, test } from './fixtures.js';

const PANEL_CHUNK = /\/webmcp-chat-panel-[\w-]+\.js$/;

test.describe('loading the widget', () => {
  test('the script tag paints the launcher at once; the panel module loads from the API server on first open only', async ({
    shop,
    servers,
  }) => {
    const panelRequests: string[] = [];
    shop.page.on(
      'request',
      (request) => void (PANEL_CHUNK.test(new URL(request.url()).pathname) && panelRequests.push(request.url())),
    );
    await shop.open();
    await expect(shop.chat.locator('[part=launcher]')).toBeVisible();
    await shop.page.waitForLoadState('networkidle');
    expect(panelRequests).toEqual([]);
    expect(await shop.page.evaluate(() => customElements.get('webmcp-chat-panel') === undefined)).toBe(true);

    await shop.openChat();
    expect(panelRequests).toHaveLength(1);
    expect(panelRequests[0]!.startsWith(`${servers.apiUrl}/webmcp-chat-panel-`)).toBe(true);
    await expect(shop.chat.locator('[part=input]')).toBeFocused();
    await shop.page.keyboard.press('Escape');
    await expect(shop.chat.locator('[part=panel]')).toBeHidden();
    await expect(shop.chat.locator('[part=launcher]')).toBeFocused();
    await shop.openChat();
    expect(panelRequests).toHaveLength(1);
  });

  test('a page tool registered before the panel loads keeps its own error message', async ({ shop }) => {
    // Native WebMCP hides a throwing tool's message; the launcher's capture records it, and the
    // panel's copy of the bridge must use that capture rather than install a second one.
    await shop.open();
    await shop.page.evaluate(() =>
      (
        document as Document & { modelContext: { registerTool(tool: object): Promise<void> } }
      ).modelContext.registerTool({
        name: 'reserve_item',
        description: 'Reserves an item; always fails in this test',
        inputSchema: { type: 'object', properties: {} },
        annotations: { readOnlyHint: true },
        execute: () => {
          throw new Error('Out of stock: mug-404');
        },
      }),
    );
    expect(await shop.page.evaluate(() => customElements.get('webmcp-chat-panel') === undefined)).toBe(true);
    await shop.openChat();
    await shop.send('/tool reserve_item {}');
    await shop.waitIdle();
    const card = shop.toolCards('reserve_item');
    await expect(card).toHaveAttribute('status', 'error');
    await expect(card).toContainText('Out of stock: mug-404');
  });
});
