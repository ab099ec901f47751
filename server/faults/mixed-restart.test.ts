/**
 * A mixed step (two server calls and a page call) paused on a SQLite file, the server SIGKILLed,
 * the resume taken by a new process; and the same step paused on one of two instances sharing a
 * PostgreSQL database and resumed on the other. Either way the server results stored at the pause
 * are used as they are, never fetched again (the demo backend counts its requests).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoBackend, withBackendOrigin, type DemoBackend } from '../demo-backend/index.js';
import { readFrames } from '../test-helpers.js';
import { postgresTestsRun, startPostgres, type PostgresServer } from '../test-support/postgres.js';
import {
  Client,
  DATABASE_URL_ENV,
  faultConfig,
  mcpText,
  readEvents,
  replyOf,
  startServer,
  stopAll,
  tempDir,
  writeConfig,
} from './harness.js';

const env = { SHIPPING_KEY: 'faults-shipping-key', ORDER_TOOL_SECRET: 'whsec_ZmF1bHRzLW9yZGVyLXRvb2wtc2VjcmV0' };
const dir = tempDir('webmcp-faults-mixed-');
let backend: DemoBackend;
let config: string;

/** The fault config on `store`, with the demo agent's server tools pointed at the test's backend. */
function mixedConfig(store: Parameters<typeof faultConfig>[0], file: string): string {
  const demo = withBackendOrigin(
    JSON.parse(readFileSync(new URL('../config/demo.json', import.meta.url), 'utf8')) as {
      agents: { shop: { tools: unknown[]; secrets: unknown } };
    },
    backend.url,
  );
  const raw = faultConfig(store) as { agents: Record<string, any> };
  raw.agents.fast.tools = demo.agents.shop.tools;
  raw.agents.fast.secrets = demo.agents.shop.secrets;
  return writeConfig(dir.file(file), raw);
}

const MIXED_STEP = [
  '/tool get_shipping_quote {"postcode":"10115"}',
  '/tool check_order_status {"orderId":"A-1001"}',
  '/tool get_cart {}',
].join('\n');

beforeAll(async () => {
  backend = await startDemoBackend({ shippingKey: env.SHIPPING_KEY, webhookSecret: env.ORDER_TOOL_SECRET });
  config = mixedConfig({ kind: 'sqlite', path: dir.file('store.db') }, 'config.json');
});

/**
 * Resumes the paused mixed step on `url` with the page's output `marker`; the run ends and all three
 * results reach the model: the two server results stored at the pause and the page's.
 */
async function expectAllThreeResults(
  url: string,
  sessionId: string,
  executionId: string,
  toolCallId: string,
  marker: string,
): Promise<void> {
  const continuation = (
    await readFrames(await new Client(url).resume(sessionId, executionId, { [toolCallId]: mcpText(marker) }))
  ).map((f) => f.data);
  expect(continuation.at(-1)).toMatchObject({ type: 'execution_complete', success: true });
  const reply = replyOf(continuation);
  expect(reply).toContain(marker);
  expect(reply).toContain('10115');
  expect(reply).toContain('DHL');
}

afterAll(async () => {
  await stopAll();
  await backend.close();
  dir.remove();
});

describe('SQLite: a mixed step paused, the server killed, resumed by another process', () => {
  it('uses the server results stored at the pause and does not call the backend again', async () => {
    const first = await startServer({ config, env });
    const client = new Client(first.url);
    const sessionId = await client.init();
    const paused = await readEvents(await client.chat(sessionId, MIXED_STEP));
    expect(paused.at(-1)?.type).toBe('await');
    const awaited = paused.find((e) => e.type === 'await') as { toolCallId: string; toolName: string };
    expect(awaited.toolName).toBe('get_cart');
    expect(backend.hits).toEqual({ quote: 1, orderStatus: 1 });
    await first.kill('SIGKILL');

    const second = await startServer({ config, env });
    const marker = 'cart: 2 × speckled mug, ref MIXED-4410';
    await expectAllThreeResults(second.url, sessionId, paused[0]!.executionId, awaited.toolCallId, marker);
    expect(backend.hits).toEqual({ quote: 1, orderStatus: 1 });
  }, 40_000);
});

describe.skipIf(!postgresTestsRun('the PostgreSQL mixed-step test'))(
  'PostgreSQL: a mixed step paused on A, resumed on B',
  () => {
    let pgServer: PostgresServer | undefined;

    afterAll(async () => {
      await pgServer?.stop();
    });

    it('uses the server results stored at the pause on the other instance and does not call the backend again', async () => {
      pgServer = await startPostgres();
      const pgConfig = mixedConfig({ kind: 'postgres', url: { env: DATABASE_URL_ENV } }, 'config-pg.json');
      const pgEnv = { ...env, [DATABASE_URL_ENV]: pgServer.url };
      const [a, b] = await Promise.all([
        startServer({ config: pgConfig, env: pgEnv }),
        startServer({ config: pgConfig, env: pgEnv }),
      ]);
      const before = { ...backend.hits };
      const onA = new Client(a.url);
      const sessionId = await onA.init();
      const paused = await readEvents(await onA.chat(sessionId, MIXED_STEP));
      const awaited = paused.find((e) => e.type === 'await') as { toolCallId: string; toolName: string };
      expect(awaited.toolName).toBe('get_cart');
      expect(backend.hits).toEqual({ quote: before.quote + 1, orderStatus: before.orderStatus + 1 });

      const marker = 'cart: 1 × teapot, ref PG-MIXED-7731';
      await expectAllThreeResults(b.url, sessionId, paused[0]!.executionId, awaited.toolCallId, marker);
      expect(backend.hits).toEqual({ quote: before.quote + 1, orderStatus: before.orderStatus + 1 });
    }, 90_000);
  },
);
