/**
 * Stranded runs: how long a reader waits for the final frame of a run whose server process was
 * SIGKILLed in the middle of a model step. Real server processes on one SQLite file, the offline
 * model in a long `/slow` step:
 * - `restart`: the only process is killed and started again; the reconnect goes to the new one;
 * - `peer`: two processes on the file; A is killed, the reconnect goes to B, which takes over.
 * From the SIGKILL to the `execution_error` (`server_lost`) frame at the reader, per round.
 *
 *   npx tsx bench/stranded.ts [--rounds 5] [--heartbeat-ms 2000]
 *
 * Prints numbers and writes bench/results/stranded.json; never passes or fails on timing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  Client,
  SLOW_TOKEN,
  SseReader,
  faultConfig,
  quantile,
  readEvents,
  startServer,
  stopAll,
  tempDir,
  writeConfig,
  type ServerProcess,
} from '../server/faults/harness.js';
import { intFlag } from './support/args.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '5' }, 'heartbeat-ms': { type: 'string', default: '2000' } },
});
const ROUNDS = intFlag(values, 'rounds', 1, 1000);
const HEARTBEAT_MS = intFlag(values, 'heartbeat-ms', 100, 60_000);

const dir = tempDir('webmcp-bench-stranded-');
const config = writeConfig(dir.file('config.json'), {
  ...faultConfig({ kind: 'sqlite', path: dir.file('store.db') }),
  runs: { heartbeatMs: HEARTBEAT_MS },
});

/** Starts a long step on `victim`, kills it, and times the final frame read through `reader()`. */
async function round(victim: ServerProcess, reader: () => Promise<ServerProcess>): Promise<number> {
  const client = new Client(victim.url, SLOW_TOKEN);
  const sessionId = await client.init();
  const stream = new SseReader(await client.chat(sessionId, '/slow 60000 never'));
  const seen = await stream.take(2);
  await victim.kill('SIGKILL');
  const killedAt = performance.now();
  const other = await reader();
  const rest = await readEvents(
    await new Client(other.url, SLOW_TOKEN).reconnect(sessionId, seen[0]!.executionId, seen[1]!.seq),
  );
  const ms = performance.now() - killedAt;
  const last = rest.at(-1);
  if (last?.type !== 'execution_error' || last.error.code !== 'server_lost')
    throw new Error(`expected server_lost, got ${JSON.stringify(last)}`);
  return ms;
}

async function main(): Promise<void> {
  const restart: number[] = [];
  const peer: number[] = [];
  let current = await startServer({ config });
  for (let i = 0; i < ROUNDS; i++) {
    restart.push(await round(current, async () => (current = await startServer({ config }))));
  }
  const b = await startServer({ config });
  for (let i = 0; i < ROUNDS; i++) {
    peer.push(await round(current, async () => b));
    current = await startServer({ config });
  }
  await stopAll();
  dir.remove();
  const summary = (xs: number[]) => ({
    p50: Math.round(quantile(xs, 0.5)),
    max: Math.round(Math.max(...xs)),
    all: xs.map(Math.round),
  });
  const results = {
    heartbeatMs: HEARTBEAT_MS,
    staleMs: 3 * HEARTBEAT_MS,
    restart: summary(restart),
    peer: summary(peer),
  };
  console.log(`heartbeat ${HEARTBEAT_MS} ms (stale after ${3 * HEARTBEAT_MS} ms), ${ROUNDS} rounds each`);
  console.log(`SIGKILL → final frame, restarted process: p50 ${results.restart.p50} ms, max ${results.restart.max} ms`);
  console.log(`SIGKILL → final frame, peer process:      p50 ${results.peer.p50} ms, max ${results.peer.max} ms`);
  console.log(
    `ratio p50 / stale threshold: ${(results.restart.p50 / results.staleMs).toFixed(2)} (restart), ${(results.peer.p50 / results.staleMs).toFixed(2)} (peer)`,
  );
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/stranded.json', `${JSON.stringify(results, null, 2)}\n`);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll();
  process.exit(1);
});
