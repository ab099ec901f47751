import { describe, expect, it, vi } from 'vitest';
import { GET_CART, SEARCH_PRODUCTS, init, makeApp, ofType, readFrames, resume, say, types } from '../test-helpers.js';
import { admin, withAdmin } from '../test-support/admin.js';
import { captureLog } from '../test-support/log-capture.js';

const SHOP = 'http://shop.test';
const OTHER = 'http://other.test';

/** Tokens for two origins; tools matching `search_*` are allowed on the shop's origin only. */
function shopApp() {
  return makeApp({
    ...withAdmin((c) => {
      c.surfaces.storefront.clientTokens[0].allowedOrigins = [SHOP, OTHER];
      c.surfaces.storefront.behavior.webmcp.allowlist = [{ origin: SHOP, tools: ['search_*'] }];
    }),
  });
}

const brief = (s: { origin: string; toolName: string; status: string; reason: string; count: number }) =>
  `${s.origin} ${s.toolName} ${s.status} ${s.reason} ×${s.count}`;

describe('tools seen at the boundary', () => {
  it('records every offered page tool per surface and observed origin, with the policy’s reason, before streaming', async () => {
    const { app, store } = shopApp();
    const batches = vi.spyOn(store, 'recordToolSightings');
    const shopSession = await init(app, { origin: SHOP });
    const res = await say(app, shopSession, '/echo hi', { clientTools: [SEARCH_PRODUCTS, GET_CART] }, { origin: SHOP });
    // written before the response: nothing of the stream has been read yet
    expect((await store.listToolSightings('storefront')).map(brief).sort()).toEqual([
      `${SHOP} get_cart rejected tool_not_listed ×1`,
      `${SHOP} search_products admitted rule_matched ×1`,
    ]);
    await readFrames(res);
    expect(batches).toHaveBeenCalledTimes(1); // one batched write for the whole array

    const otherSession = await init(app, { origin: OTHER });
    await readFrames(await say(app, otherSession, '/echo hi', { clientTools: [SEARCH_PRODUCTS] }, { origin: OTHER }));
    await readFrames(
      await say(app, shopSession, '/echo again', { clientTools: [SEARCH_PRODUCTS, GET_CART] }, { origin: SHOP }),
    );
    expect((await store.listToolSightings('storefront')).map(brief).sort()).toEqual([
      `${OTHER} search_products rejected origin_not_listed ×1`,
      `${SHOP} get_cart rejected tool_not_listed ×2`,
      `${SHOP} search_products admitted rule_matched ×2`,
    ]);
    expect(await store.listToolSightings('nope')).toEqual([]);

    // a new origin is written at once; the counts after it on the next flush, or before the console lists them
    expect((await store.listOrigins('storefront')).map((o) => o.origin).sort()).toEqual([OTHER, SHOP]);
    const listed = (await (await admin(app, 'GET', '/v1/admin/origins?surface=storefront')).json()) as {
      origins: Array<{ origin: string; requests: number }>;
    };
    expect(listed.origins.map((o) => `${o.origin} ×${o.requests}`).sort()).toEqual([`${OTHER} ×2`, `${SHOP} ×3`]); // inits and chats
  });

  it('records the tools sent with a resume, and the tools a fingerprint stands for', async () => {
    const { app, store } = shopApp();
    const sessionId = await init(app, { origin: SHOP });
    const paused = await readFrames(
      await say(
        app,
        sessionId,
        '/tool search_products {"query":"mug"}',
        { clientTools: [SEARCH_PRODUCTS], clientToolsFingerprint: 'fp_1' },
        { origin: SHOP },
      ),
    );
    const executionId = paused[0]!.data.executionId;
    const toolCallId = ofType(paused, 'await')[0]!.toolCallId;
    await readFrames(
      await resume(
        app,
        {
          sessionId,
          executionId,
          toolOutputs: { [toolCallId]: { result: 'a mug' } },
          clientTools: [SEARCH_PRODUCTS, GET_CART],
        },
        { origin: SHOP },
      ),
    );
    await readFrames(await say(app, sessionId, '/echo hi', { clientToolsFingerprint: 'fp_1' }, { origin: SHOP }));
    expect((await store.listToolSightings()).map(brief).sort()).toEqual([
      `${SHOP} get_cart rejected tool_not_listed ×1`,
      `${SHOP} search_products admitted rule_matched ×3`,
    ]);
  });

  it('still answers the chat when the sightings cannot be written, and logs why as a JSON line', async () => {
    const log = captureLog('warn');
    const { app, store } = makeApp({
      logger: log.logger,
      patch: (c) => {
        c.surfaces.storefront.clientTokens[0].allowedOrigins = [SHOP, OTHER];
        c.surfaces.storefront.behavior.webmcp.allowlist = [{ origin: SHOP, tools: ['search_*'] }];
      },
    });
    store.recordToolSightings = async () => {
      throw new Error('disk full');
    };
    const sessionId = await init(app, { origin: SHOP });
    const frames = await readFrames(
      await say(app, sessionId, '/echo hi', { clientTools: [SEARCH_PRODUCTS] }, { origin: SHOP }),
    );
    expect(types(frames).at(-1)).toBe('execution_complete');
    expect(log.events('sightings.record_failed')).toEqual([
      expect.objectContaining({ level: 'warn', surfaceId: 'storefront', origin: SHOP, error: 'disk full' }),
    ]);
  });

  it('records the tools the widget left out as rejected, with its reason, and the server’s own decision wins', async () => {
    const { app, store } = shopApp();
    const sessionId = await init(app, { origin: SHOP });
    await readFrames(
      await say(
        app,
        sessionId,
        '/echo hi',
        {
          clientTools: [SEARCH_PRODUCTS],
          droppedTools: [
            { name: 'add_to_cart', reason: 'tool_not_listed' },
            { name: 'x'.repeat(128), reason: 'client_tool_name_invalid' },
            { name: 'search_products', reason: 'client_tool_duplicate' },
          ],
        },
        { origin: SHOP },
      ),
    );
    expect((await store.listToolSightings('storefront')).map(brief).sort()).toEqual([
      `${SHOP} add_to_cart rejected tool_not_listed ×1`,
      `${SHOP} search_products admitted rule_matched ×1`,
      `${SHOP} ${'x'.repeat(128)} rejected client_tool_name_invalid ×1`,
    ]);
  });

  it('refuses an over-limit droppedTools report with a code naming the limit, recording nothing', async () => {
    const { app, store } = shopApp();
    const sessionId = await init(app, { origin: SHOP });
    const many = Array.from({ length: 101 }, (_, i) => ({ name: `t${i}`, reason: 'tool_not_listed' }));
    const tooMany = await say(app, sessionId, '/echo hi', { droppedTools: many }, { origin: SHOP });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ error: 'dropped_tools_too_many' });
    const long = await say(
      app,
      sessionId,
      '/echo hi',
      { droppedTools: [{ name: 'y'.repeat(129), reason: 'tool_not_listed' }] },
      { origin: SHOP },
    );
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ error: 'dropped_tool_name_too_long' });
    const schema = await say(
      app,
      sessionId,
      '/echo hi',
      { droppedTools: [{ name: 'z', reason: 'tool_not_listed', inputSchema: {} }] },
      { origin: SHOP },
    );
    expect(schema.status).toBe(400);
    expect((await schema.json()) as { hint: string }).toMatchObject({ error: 'invalid_request' });
    expect(await store.listToolSightings('storefront')).toEqual([]);
  });
});
