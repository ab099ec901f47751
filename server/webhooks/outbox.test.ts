/**
 * The webhook outbox with real stores and a real loopback receiver: a retry survives a restart
 * (SQLite file), and two instances on one PostgreSQL database deliver each message once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore, SqliteStore } from '../store/index.js';
import { postgresTestsRun, startPostgres, type PostgresServer } from '../test-support/postgres.js';
import { WebhookDelivery } from './delivery.js';
import { startReceiver } from './receiver.fixture.js';
import { decodeSecret } from './signature.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const KEY = decodeSecret(SECRET);
const options = { keys: () => KEY, log: () => {}, pollMs: 20 };
const body = (n: number) =>
  JSON.stringify({ type: 'tool.calls_started', timestamp: '2030-01-01T00:00:00.000Z', data: { n } });

describe('webhook outbox', () => {
  it('keeps a retry across a restart: the next process sends it with the same webhook-id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webmcp-outbox-'));
    const file = join(dir, 'store.db');
    const receiver = await startReceiver({ secret: SECRET, plan: (n) => (n === 0 ? 503 : 200) });
    try {
      const before = new SqliteStore(file);
      let failed!: () => void;
      const retryStored = new Promise<void>((resolve) => (failed = resolve));
      // Logged once the retry is written to the outbox.
      const first = new WebhookDelivery({ ...options, log: failed, backoffMs: [0, 300] }, before.outbox);
      const id = await first.send({ url: receiver.url, secretEnv: 'HOOK_SECRET' }, body(1));
      await retryStored;
      // The process goes away before the retry is due.
      first.close();
      await before.close();

      const after = new SqliteStore(file);
      expect(await after.outbox.size()).toBe(1);
      const second = new WebhookDelivery({ ...options, backoffMs: [0, 300] }, after.outbox);
      const [, retry] = await receiver.received(2);
      await second.idle();
      expect(retry).toMatchObject({ answer: 200, body: body(1) });
      expect(retry!.headers['webhook-id']).toBe(id);
      expect(retry!.verified).toMatchObject({ ok: true });
      expect(await after.outbox.size()).toBe(0);
      second.close();
      await after.close();
    } finally {
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const describePg = describe.skipIf(!postgresTestsRun('the PostgreSQL outbox tests'));
describePg('webhook outbox shared by two instances on PostgreSQL', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(() => server?.stop());

  it('delivers each message once, whichever instance queued or retried it', async () => {
    const url = await server.createDatabase();
    const stores = [await PostgresStore.open({ url }), await PostgresStore.open({ url })];
    const messages = 20;
    // Each message's first attempt fails, so its retry is up for grabs by either instance.
    const tried = new Set<string>();
    const receiver = await startReceiver({
      secret: SECRET,
      plan: (_n, headers) => {
        const id = String(headers['webhook-id']);
        if (tried.has(id)) return 200;
        tried.add(id);
        return 500;
      },
    });
    const senders = stores.map((s) => new WebhookDelivery({ ...options, backoffMs: [0, 30, 30, 30] }, s.outbox));
    try {
      const ids: string[] = [];
      for (let i = 0; i < messages; i++)
        ids.push((await senders[i % 2]!.send({ url: receiver.url, secretEnv: 'HOOK_SECRET' }, body(i)))!);
      await Promise.all(senders.map((s) => s.idle()));
      const answers = new Map<string, unknown[]>();
      for (const r of receiver.requests) {
        const id = String(r.headers['webhook-id']);
        answers.set(id, [...(answers.get(id) ?? []), r.answer]);
        expect(r.verified).toMatchObject({ ok: true });
      }
      expect([...answers.keys()].sort()).toEqual([...ids].sort());
      for (const list of answers.values()) {
        // Failed attempts, then one delivery: never two 2xx, never an attempt after the delivery.
        expect(list.filter((a) => a === 200)).toHaveLength(1);
        expect(list.at(-1)).toBe(200);
      }
      expect(receiver.requests.filter((r) => r.answer === 500)).toHaveLength(messages);
      expect(await stores[0]!.outbox.size()).toBe(0);
    } finally {
      senders.forEach((s) => s.close());
      await receiver.close();
      for (const store of stores) await store.close();
    }
  });
});
