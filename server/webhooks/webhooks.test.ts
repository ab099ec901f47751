import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../config/load.js';
import type { App } from '../app.js';
import { init, makeApp, ofType, readFrames, resume, say, testConfig, tool } from '../test-helpers.js';
import { admin, withAdmin } from '../test-support/admin.js';
import type { ToolCallsFinishedEvent, ToolCallsStartedEvent, WebhookEvent } from './events.js';
import { startReceiver, type Receiver } from './receiver.fixture.js';
import { verifyWebhook } from './verify.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const ENV = { WEBMCP_TEST_WEBHOOK_SECRET: SECRET };
const TOOLS = [tool('a'), tool('b')];
const PARALLEL = '/tool a {"n": 1}\n/tool b {}';

const receivers: Receiver[] = [];
const apps: App[] = [];
afterEach(async () => {
  apps.splice(0).forEach((a) => a.close());
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(plan?: (n: number) => number | 'hang'): Promise<Receiver> {
  const r = await startReceiver({ secret: SECRET, ...(plan ? { plan } : {}) });
  receivers.push(r);
  return r;
}

/** An app whose storefront sends its webhooks to `endpoints` (each `{url, events?}`). */
function appWith(endpoints: Array<{ url: string; events?: string[] }>, timeoutMs = 10_000) {
  const made = makeApp({
    env: ENV,
    webhooks: { backoffMs: [0, 10, 10], timeoutMs, log: () => {} },
    patch: (c) => {
      c.surfaces.storefront.webhooks = endpoints.map((e) => ({ ...e, secret: { env: 'WEBMCP_TEST_WEBHOOK_SECRET' } }));
    },
  });
  apps.push(made.app);
  return made;
}

/** Runs the two parallel calls to their pause; returns the session, the execution and the awaits. */
async function pauseTwo(app: App) {
  const sessionId = await init(app);
  const frames = await readFrames(await say(app, sessionId, PARALLEL, { clientTools: TOOLS }));
  return { sessionId, executionId: frames[0]!.data.executionId, awaits: ofType(frames, 'await') };
}

const payload = (r: Receiver, i: number) => {
  const verified = r.requests[i]!.verified;
  if (!verified?.ok) throw verified?.error ?? new Error('not verified');
  return verified.payload as WebhookEvent;
};

describe('tool.calls_* webhooks through the app', () => {
  it('sends calls_started for a pause of two parallel calls, then calls_finished with results and durations after the resume', async () => {
    const target = await receiver();
    const { app } = appWith([{ url: target.url }]);
    const { sessionId, executionId, awaits } = await pauseTwo(app);
    expect(awaits.map((a) => a.toolName)).toEqual(['a', 'b']);

    await target.received(1);
    const started = payload(target, 0) as ToolCallsStartedEvent;
    expect(started).toEqual({
      type: 'tool.calls_started',
      timestamp: awaits[0]!.awaitedAt,
      data: {
        surfaceId: 'storefront',
        sessionId,
        executionId,
        groupId: expect.stringMatching(/^grp_/),
        calls: [
          {
            index: 0,
            groupLength: 2,
            toolCallId: awaits[0]!.toolCallId,
            name: 'a',
            origin: 'webmcp',
            kind: 'webmcp',
            arguments: { n: 1 },
          },
          {
            index: 1,
            groupLength: 2,
            toolCallId: awaits[1]!.toolCallId,
            name: 'b',
            origin: 'webmcp',
            kind: 'webmcp',
            arguments: {},
          },
        ],
      },
    });

    const next = await readFrames(
      await resume(app, {
        sessionId,
        executionId,
        toolOutputs: {
          [awaits[0]!.toolCallId]: { content: [{ type: 'text', text: 'A is done' }] },
          [awaits[1]!.toolCallId]: { error: 'B broke' },
        },
      }),
    );
    expect(ofType(next, 'execution_complete')).toHaveLength(1);
    await target.received(2);
    const finished = payload(target, 1) as ToolCallsFinishedEvent;
    const completes = ofType(next, 'tool_complete');
    const durationMs = completes[0]!.executionTime;
    expect(finished).toEqual({
      type: 'tool.calls_finished',
      timestamp: expect.any(String),
      data: {
        surfaceId: 'storefront',
        sessionId,
        executionId,
        groupId: started.data.groupId,
        calls: [
          {
            index: 0,
            groupLength: 2,
            toolCallId: awaits[0]!.toolCallId,
            name: 'a',
            origin: 'webmcp',
            kind: 'webmcp',
            arguments: { n: 1 },
            result: 'A is done',
            error: null,
            durationMs,
          },
          {
            index: 1,
            groupLength: 2,
            toolCallId: awaits[1]!.toolCallId,
            name: 'b',
            origin: 'webmcp',
            kind: 'webmcp',
            arguments: {},
            result: null,
            error: 'B broke',
            durationMs,
          },
        ],
      },
    });
    expect(durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(finished.timestamp)).toBeGreaterThanOrEqual(Date.parse(started.timestamp) + durationMs);
    // Two messages, two ids; both signed in the Standard Webhooks format.
    const [first, second] = target.requests;
    expect(first!.headers['webhook-id']).not.toBe(second!.headers['webhook-id']);
    for (const r of target.requests) {
      expect(r.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
      expect(r.headers['webhook-timestamp']).toMatch(/^\d{10}$/);
      expect(verifyWebhook(SECRET, r.headers, r.body)).toEqual(JSON.parse(r.body));
    }
  });

  it('sends each endpoint only the events it asked for, and nothing for runs without a pause', async () => {
    const all = await receiver();
    const finishedOnly = await receiver();
    const { app } = appWith([{ url: all.url }, { url: finishedOnly.url, events: ['tool.calls_finished'] }]);
    await readFrames(await say(app, await init(app), '/echo no tools here'));
    const { sessionId, executionId, awaits } = await pauseTwo(app);
    await all.received(1);
    await readFrames(
      await resume(app, {
        sessionId,
        executionId,
        toolOutputs: Object.fromEntries(awaits.map((a) => [a.toolCallId, { result: 'ok' }])),
      }),
    );
    await all.received(2);
    await finishedOnly.received(1);
    expect(all.requests.map((_, i) => payload(all, i).type)).toEqual(['tool.calls_started', 'tool.calls_finished']);
    expect(finishedOnly.requests.map((_, i) => payload(finishedOnly, i).type)).toEqual(['tool.calls_finished']);
  });

  it('never delays the stream: the run pauses and finishes while the receiver has not answered', async () => {
    const stuck = await receiver(() => 'hang');
    const { app } = appWith([{ url: stuck.url }], 60_000);
    const { sessionId, executionId, awaits } = await pauseTwo(app);
    await stuck.received(1);
    const next = await readFrames(
      await resume(app, {
        sessionId,
        executionId,
        toolOutputs: Object.fromEntries(awaits.map((a) => [a.toolCallId, { result: 'ok' }])),
      }),
    );
    expect(ofType(next, 'execution_complete')).toEqual([expect.objectContaining({ success: true })]);
    await stuck.received(2);
    // Both streams ended while both deliveries were still waiting for an answer.
    expect(stuck.requests.map((r) => r.answer)).toEqual(['hang', 'hang']);
  });

  it('never fails the run when the receiver fails or cannot be reached', async () => {
    const failing = await receiver(() => 500);
    const gone = await startReceiver();
    await gone.close();
    const { app } = appWith([{ url: failing.url }, { url: gone.url }]);
    const { sessionId, executionId, awaits } = await pauseTwo(app);
    const next = await readFrames(
      await resume(app, {
        sessionId,
        executionId,
        toolOutputs: Object.fromEntries(awaits.map((a) => [a.toolCallId, { result: 'ok' }])),
      }),
    );
    expect(ofType(next, 'execution_complete')).toEqual([expect.objectContaining({ success: true })]);
    // Three attempts of each event: the retries happened, out of the run's way.
    await failing.received(6);
  });

  it('skips, with one warning, an endpoint added through the admin API whose secret is unset', async () => {
    const target = await receiver();
    const logged: string[] = [];
    const { app } = makeApp({ ...withAdmin(), webhooks: { log: (message) => logged.push(message) } });
    apps.push(app);
    const storefront = testConfig().surfaces.storefront!;
    const webhooks = [
      { url: target.url, secret: { env: 'WEBMCP_TEST_UNSET_SECRET' } },
      { url: target.url, secret: { env: 'WEBMCP_TEST_WEBHOOK_SECRET' } },
    ];
    expect((await admin(app, 'PUT', '/v1/admin/surfaces/storefront', { ...storefront, webhooks })).status).toBe(200);
    const notSent = () => logged.filter((line) => line.includes('are not sent'));
    for (let i = 0; i < 2; i++) await pauseTwo(app);
    // withAdmin's env has only the admin key: neither secret is there, so nothing is sent (warned once each).
    await vi.waitFor(() => expect(notSent()).toHaveLength(2));
    expect(notSent()).toEqual([
      expect.stringMatching(
        /surface "storefront" \(#0, .*\) are not sent: the environment variable WEBMCP_TEST_UNSET_SECRET is not set/,
      ),
      expect.stringMatching(/#1, .*WEBMCP_TEST_WEBHOOK_SECRET is not set/),
    ]);
    expect(target.requests).toEqual([]);
  });
});

describe('webhook config', () => {
  const surfacePatch = (webhooks: unknown) => (c: Record<string, any>) => {
    c.surfaces.storefront.webhooks = webhooks;
  };

  it('validates endpoints with the path of the bad key', () => {
    const cases: Array<[unknown, RegExp]> = [
      [
        [{ url: 'ftp://hooks.example', secret: { env: 'X' } }],
        /surfaces\.storefront\.webhooks\.0\.url: an http:\/\/ or https:\/\/ URL/,
      ],
      [[{ url: 'https://hooks.example', secret: 'whsec_literal' }], /surfaces\.storefront\.webhooks\.0\.secret/],
      [
        [{ url: 'https://hooks.example', secret: { env: 'X' }, events: ['tool.called'] }],
        /surfaces\.storefront\.webhooks\.0\.events\.0/,
      ],
      [
        [{ url: 'https://hooks.example', secret: { env: 'X' }, events: [] }],
        /surfaces\.storefront\.webhooks\.0\.events/,
      ],
      [
        [{ url: 'https://hooks.example', secret: { env: 'X' }, retries: 3 }],
        /surfaces\.storefront\.webhooks\.0\.retries: unknown key/,
      ],
    ];
    for (const [webhooks, message] of cases)
      expect(() => testConfig(surfacePatch(webhooks)), JSON.stringify(webhooks)).toThrow(message);
    expect(
      testConfig(
        surfacePatch([{ url: 'https://hooks.example/x', secret: { env: 'X' }, events: ['tool.calls_finished'] }]),
      ).surfaces.storefront!.webhooks,
    ).toHaveLength(1);
  });

  it('takes webhooks in admin PUTs, validated the same way', async () => {
    const { app } = makeApp(withAdmin());
    apps.push(app);
    const surface = (webhooks: unknown) => ({
      agent: 'shop',
      clientTokens: [{ token: 'ct_test_kiosk', allowedOrigins: ['http://kiosk.test'] }],
      webhooks,
    });
    const bad = await admin(
      app,
      'PUT',
      '/v1/admin/surfaces/kiosk',
      surface([{ url: 'https://hooks.example', secret: { env: 'X' }, events: ['nope'] }]),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: string[] }).issues[0]).toMatch(/^webhooks\.0\.events\.0: /);
    const hooks = [{ url: 'https://hooks.example/kiosk', secret: { env: 'KIOSK_HOOK_SECRET' } }];
    expect((await admin(app, 'PUT', '/v1/admin/surfaces/kiosk', surface(hooks))).status).toBe(201);
    expect(await (await admin(app, 'GET', '/v1/admin/surfaces/kiosk')).json()).toMatchObject({
      surface: { webhooks: hooks },
    });
  });

  it('refuses to start when a secret is unset, not whsec_/base64, or too short', () => {
    const config = testConfig(surfacePatch([{ url: 'https://hooks.example', secret: { env: 'HOOK_SECRET' } }]));
    const start = (env: Record<string, string>) => () => makeApp({ config, env });
    expect(start({})).toThrow(ConfigError);
    expect(start({})).toThrow(
      /surfaces\.storefront\.webhooks\.0\.secret: the environment variable HOOK_SECRET is not set/,
    );
    expect(start({ HOOK_SECRET: 'whsec_not base64!' })).toThrow(/HOOK_SECRET must be whsec_ followed by base64/);
    expect(start({ HOOK_SECRET: `whsec_${randomBytes(16).toString('base64')}` })).toThrow(/shorter than 24 bytes/);
    for (const secret of [SECRET, SECRET.slice('whsec_'.length)]) apps.push(start({ HOOK_SECRET: secret })().app);
  });
});

describe('secrets in webhooks', () => {
  it('masks every configured secret value in the payload', async () => {
    const target = await receiver();
    const shipKey = `ship-${randomBytes(12).toString('hex')}`;
    const made = makeApp({
      env: { ...ENV, SHIP_KEY: shipKey },
      webhooks: { backoffMs: [0, 10, 10], log: () => {} },
      patch: (c) => {
        c.agents.shop.secrets = { SHIP: { env: 'SHIP_KEY' } };
        c.surfaces.storefront.webhooks = [{ url: target.url, secret: { env: 'WEBMCP_TEST_WEBHOOK_SECRET' } }];
      },
    });
    apps.push(made.app);
    const sessionId = await init(made.app);
    const frames = await readFrames(
      await say(made.app, sessionId, `/tool a {"note": "key ${shipKey} here"}`, { clientTools: TOOLS }),
    );
    expect(ofType(frames, 'await')).toHaveLength(1);
    await target.received(1);
    const started = payload(target, 0) as ToolCallsStartedEvent;
    expect(started.data.calls[0]!.arguments).toEqual({ note: 'key [secret] here' });
    expect(target.requests[0]!.body).not.toContain(shipKey);
  });
});
