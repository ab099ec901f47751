/**
 * The SDK against the server as its own process (`server/cli.ts` with a config file, a SQLite store
 * and the key in its environment), as a backend would use it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from './index.js';

const KEY = 'sk_test_process_0123456789';
let child: ChildProcess;
let apiUrl = '';
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sdk-process-'));
  const config = {
    store: { kind: 'sqlite', path: join(dir, 'chat.db') },
    apiKeys: [{ id: 'worker', key: { env: 'SDK_TEST_API_KEY' }, agents: ['shop'] }],
    agents: { shop: { model: 'offline' } },
    surfaces: {},
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  child = spawn('node', ['--import', 'tsx', 'server/cli.ts', '--config', join(dir, 'config.json'), '--port', '0'], {
    env: { ...process.env, SDK_TEST_API_KEY: KEY, HOST: '127.0.0.1' },
  });
  apiUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const m = /listening on (http:\/\/[^:]+:\d+)/.exec(output);
      if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the SDK against a server process', () => {
  it('runs chained local calls to the end', async () => {
    const client = createClient({ apiUrl, apiKey: KEY });
    const seen: string[] = [];
    const result = await client.runWithLocalTools(
      {
        agent: { id: 'shop' },
        messages: [{ role: 'user', content: '/tool lookup {"id":"A-1"}\n/then\n/tool lookup {"id":"A-2"}' }],
      },
      {
        lookup: {
          description: 'Look an order up',
          parametersSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
          execute: ({ id }) => {
            seen.push(String(id));
            return { id, status: `status of ${String(id)}` };
          },
        },
      },
    );
    expect(seen).toEqual(['A-1', 'A-2']);
    expect(result.calls).toHaveLength(2);
    expect(result.text).toContain('status of A-2');
    expect(result.stopReason).toBe('end_turn');
  });
});
