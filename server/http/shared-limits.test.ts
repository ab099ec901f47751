/**
 * Two server instances on one PostgreSQL database share their rate limits: a client token, a
 * session and a session's replay budget allow what the config says in total, not per instance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { PostgresStore } from '../store/index.js';
import { postgresTestsRun, startPostgres, type PostgresServer } from '../test-support/postgres.js';
import { init, post, readFrames, reconnect, say, testConfig } from '../test-helpers.js';

const describePg = describe.skipIf(!postgresTestsRun('the shared rate-limit tests'));

describePg('rate limits shared by instances on PostgreSQL', () => {
  let server: PostgresServer;
  const stores: PostgresStore[] = [];
  const apps: App[] = [];

  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    for (const app of apps) app.close();
    for (const store of stores) await store.close();
    await server?.stop();
  });

  async function instances(limits: Record<string, unknown>): Promise<[App, App]> {
    const url = await server.createDatabase();
    const config = testConfig((c) => (c.limits = limits));
    const pair = [];
    for (let i = 0; i < 2; i++) {
      const store = await PostgresStore.open({ url });
      stores.push(store);
      const app = createApp({ config, store, expirySweepMs: 0 });
      apps.push(app);
      pair.push(app);
    }
    return pair as [App, App];
  }

  it('counts init and chat of one client token across both instances', async () => {
    const [a, b] = await instances({ perToken: { requests: 4, windowSeconds: 60 } });
    const first = await init(a);
    await init(b);
    await readFrames(await say(a, first, '/echo one'));
    await readFrames(await say(b, first, '/echo two'));
    for (const app of [a, b]) {
      const refused = await post(app, '/v1/client/init', { token: 'ct_test_demo' });
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: string }).error).toBe('token_rate_limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
  });

  it('counts one session’s chats and reconnects across both instances', async () => {
    const [a, b] = await instances({
      perSession: { requests: 2, windowSeconds: 60 },
      replay: { perSession: { requests: 2, windowSeconds: 60 } },
    });
    const sessionId = await init(a);
    const frames = await readFrames(await say(a, sessionId, '/echo hello'));
    await readFrames(await say(b, sessionId, '/echo again'));
    expect((await say(a, sessionId, '/echo over')).status).toBe(429);
    const executionId = frames[0]!.data.executionId;
    await readFrames(await reconnect(a, { sessionId, executionId }));
    await readFrames(await reconnect(b, { sessionId, executionId }));
    const refused = await reconnect(a, { sessionId, executionId });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toBe('replay_rate_limited');
  });
});
