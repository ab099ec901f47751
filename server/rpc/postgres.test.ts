/**
 * Two real server processes on one PostgreSQL database: a handler connected to instance A serves
 * a run on instance B, over LISTEN/NOTIFY on the store's pool, including arguments and results
 * beyond NOTIFY's 8000-byte payload limit.
 */
import { describe, expect, it } from 'vitest';
import { createRpcHandler, type RpcHandler } from '../../sdk/index.js';
import { Client, readEvents, replyOf, type ServerProcess } from '../faults/harness.js';
import { postgresTestsRun } from '../test-support/postgres.js';
import { postgresPair } from '../faults/postgres-pair.js';

const API_KEY = 'pg-rpc-key';
const ADMIN_KEY = 'pg-rpc-admin';

describe.skipIf(!postgresTestsRun('the PostgreSQL RPC tests'))('RPC across two server instances on PostgreSQL', () => {
  let handler: RpcHandler | undefined;
  const pg = postgresPair({
    prefix: 'webmcp-rpc-pg-',
    config: (c) => {
      const config = c as Record<string, any>;
      config.agents.fast.tools = [
        {
          type: 'rpc',
          name: 'lookup_stock',
          description: 'Stock of a product by its SKU',
          parameters: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] },
          timeoutSeconds: 8,
        },
      ];
      config.apiKeys = [{ id: 'backend', key: { env: 'PG_RPC_KEY' }, agents: ['fast'] }];
      config.adminKey = { env: 'PG_RPC_ADMIN' };
    },
    env: { PG_RPC_KEY: API_KEY, PG_RPC_ADMIN: ADMIN_KEY },
    beforeStop: async () => {
      await handler?.close();
    },
  });

  /** Resolves once `server` reports a handler for `lookup_stock` on another instance (presence arrived). */
  async function seenElsewhere(server: ServerProcess): Promise<void> {
    for (;;) {
      const res = await fetch(`${server.url}/v1/admin/rpc`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      const body = (await res.json()) as { elsewhere: Record<string, Record<string, Record<string, number>>> };
      if (Object.values(body.elsewhere).some((agents) => agents.fast?.lookup_stock)) return;
      // Presence travels by NOTIFY; poll the operator view until it arrived.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('a call made on B reaches the handler connected to A, large payloads included', async () => {
    const calls: Array<{ sku: string; toolCallId: string }> = [];
    await new Promise<void>((resolve, reject) => {
      handler = createRpcHandler({
        apiUrl: pg.a.url,
        apiKey: API_KEY,
        agent: 'fast',
        tools: {
          lookup_stock: ({ sku }, { toolCallId }) => {
            calls.push({ sku: String(sku), toolCallId });
            return { sku, inStock: 5, note: 'n'.repeat(String(sku).length) };
          },
        },
        onConnected: () => resolve(),
        onError: (error) => !error.retrying && reject(error),
      });
    });
    await seenElsewhere(pg.b);
    const onB = new Client(pg.b.url);
    const session = await onB.init();
    const events = await readEvents(await onB.chat(session, '/tool lookup_stock {"sku":"PG-77"}'));
    const done = events.find((e) => e.type === 'tool_complete');
    expect(done).toMatchObject({ success: true, origin: 'server' });
    expect(JSON.parse((done as { result: string }).result)).toEqual({ sku: 'PG-77', inStock: 5, note: 'nnnnn' });
    expect(calls.map((c) => c.sku)).toEqual(['PG-77']);
    expect(events.at(-1)).toMatchObject({ type: 'execution_complete', success: true });
    expect(replyOf(events)).toContain('PG-77');

    // 12 000 characters each way: over NOTIFY's limit, so both messages travel through the spill table.
    const big = 'X'.repeat(12_000);
    const large = await readEvents(await onB.chat(session, `/tool lookup_stock {"sku":"${big}"}`));
    const answer = large.find((e) => e.type === 'tool_complete') as { success: boolean; result: string };
    expect(answer.success).toBe(true);
    expect(JSON.parse(answer.result)).toMatchObject({ sku: big, note: 'n'.repeat(12_000) });
    expect(calls.at(-1)!.sku).toBe(big);
  }, 60_000);

  it('answers "no handler connected" on both instances at once after the handler left', async () => {
    await handler!.close();
    handler = undefined;
    for (const server of [pg.a, pg.b]) {
      // A's goodbye reaches B by NOTIFY: wait until B's view no longer lists it.
      for (;;) {
        const res = await fetch(`${server.url}/v1/admin/rpc`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
        const body = (await res.json()) as { here: object; elsewhere: Record<string, Record<string, object>> };
        if (Object.keys(body.here).length === 0 && Object.values(body.elsewhere).every((t) => !t.fast)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const client = new Client(server.url);
      const events = await readEvents(await client.chat(await client.init(), '/tool lookup_stock {"sku":"x"}'));
      const done = events.find((e) => e.type === 'tool_complete') as { error?: string; executionTime: number };
      expect(done.error).toContain('no handler connected');
      expect(done.executionTime).toBeLessThan(1000);
    }
  }, 60_000);
});
