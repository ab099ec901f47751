import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, startRpcServer, type RpcServer } from '../server/rpc/rpc.fixture.js';
import { init, ofType, readFrames, replyText, say, types } from '../server/test-helpers.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));

let server: RpcServer;
beforeAll(async () => (server = await startRpcServer()));
afterAll(() => server.close());

/** Starts the handler process; resolves once it printed `CONNECTED`, with a reader for its later lines. */
async function startHandler(): Promise<{ child: ChildProcess; line(prefix: string): Promise<string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sdk/rpc-handler.fixture.ts'], {
    cwd: REPO,
    env: { ...process.env, RPC_API_URL: server.url, RPC_API_KEY: API_KEY, RPC_AGENT: 'shop' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const waiters: Array<() => void> = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  const line = async (prefix: string): Promise<string> => {
    for (;;) {
      const found = out.split('\n').find((l) => l.startsWith(prefix));
      if (found) return found;
      if (child.exitCode !== null) throw new Error(`handler exited:\n${out}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  await line('CONNECTED');
  return { child, line };
}

describe('an RPC handler in its own process', () => {
  it('serves calls; killed mid-call, that call fails at its timeout and the run still ends with an answer', async () => {
    const handler = await startHandler();
    const sessionId = await init(server.app);
    const served = ofType(
      await readFrames(await say(server.app, sessionId, '/tool lookup_stock {"sku":"a-1"}')),
      'tool_complete',
    );
    expect(JSON.parse(served[0]!.result as string)).toEqual({ sku: 'a-1', inStock: 3, pid: handler.child.pid });

    const pending = say(server.app, sessionId, '/tool slow_tool {}').then(readFrames);
    await handler.line('CALL ');
    const exited = new Promise((resolve) => handler.child.once('exit', resolve));
    handler.child.kill('SIGKILL');
    await exited;
    const frames = await pending;
    const [done] = ofType(frames, 'tool_complete');
    expect(done).toMatchObject({ toolName: 'slow_tool', success: false, origin: 'server' });
    expect(done!.error).toMatch(/did not answer within 1 s/);
    // Not earlier: a disconnect does not end the call, its timeout does.
    expect(done!.executionTime).toBeGreaterThanOrEqual(1000);
    expect(types(frames).at(-1)).toBe('execution_complete');
    expect(replyText(frames)).toContain('slow_tool');

    // The dead handler is gone: the next call is refused at once.
    const [next] = ofType(await readFrames(await say(server.app, sessionId, '/tool slow_tool {}')), 'tool_complete');
    expect(next!.error).toContain('no handler connected');
  });
});
