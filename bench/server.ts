/**
 * Server benchmarks against real server processes on loopback with the offline model:
 * (1) resume round trip — from sending `POST /v1/client/resume` to the continuation's first byte
 *     and to its `execution_complete`, p50/p99 over sequential paused runs (with a plain `/echo`
 *     chat round trip as the yardstick);
 * (2) resume throughput — paused runs resumed by N concurrent clients, resumes per second and the
 *     server's CPU time per resume;
 * (3) memory held by idle SSE streams — N chat streams whose runs wait in `/slow` steps, and (with
 *     the first store) N reconnect followers (`/v1/client/stream`) of one waiting run; the
 *     server's RSS (`/proc/<pid>/status`) and V8 heap (after a forced GC, through the preloaded
 *     `server/faults/memory-probe.ts`) before and after, and bytes per stream.
 *
 *   npx tsx bench/server.ts [--store sqlite|postgres|memory]… [--rounds 300] [--resumes 2000]
 *                           [--clients 16] [--streams 10000] [--from bundle|source]
 *
 * The server runs as deployed, bundled (`bench/support/bundle.ts`); `--from source` runs its
 * TypeScript under tsx.
 *
 * The default runs sqlite and postgres. Prints numbers and ratios and writes
 * bench/results/server.json; never passes or fails on timing. Loopback only, bounded loops.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  DATABASE_URL_ENV,
  faultConfig,
  quantile,
  REPO,
  startServer,
  stopAll,
  tempDir,
  writeConfig,
  type ServerProcess,
  type StoreConfig,
} from '../server/faults/harness.js';
import { intFlag } from './support/args.js';
import { Http } from './support/resume-clients.js';
import { bundled } from './support/bundle.js';
import { cpuMs, kb, round, withOpenFiles } from './support/measure.js';
import { mb, memoryOf, openStream } from './support/streams.js';
import { printRatios } from './support/server-ratios.js';
import { findPostgres, MISSING_POSTGRES, startPostgres, type PostgresServer } from '../server/test-support/postgres.js';

type StoreKind = 'sqlite' | 'postgres' | 'memory';

const { values } = parseArgs({
  options: {
    store: { type: 'string', multiple: true },
    rounds: { type: 'string', default: '300' },
    resumes: { type: 'string', default: '2000' },
    clients: { type: 'string', default: '16' },
    streams: { type: 'string', default: '10000' },
    from: { type: 'string', default: 'bundle' },
  },
});
const stores = (values.store ?? ['sqlite', 'postgres']).flatMap((s) => s.split(',')) as StoreKind[];
for (const s of stores)
  if (!['sqlite', 'postgres', 'memory'].includes(s))
    throw new Error(`--store must be sqlite, postgres or memory, got "${s}"`);
const explicitStores = values.store !== undefined;
const ROUNDS = positive('rounds');
const WARMUP = 20;
const RESUMES = positive('resumes');
const CLIENTS = positive('clients');
let STREAMS = positive('streams');
if (values.from !== 'bundle' && values.from !== 'source') throw new Error('--from: bundle or source');
/** The server as deployed (one esbuild bundle, see `bench/support/bundle.ts`) unless `--from source`; set by `main`. */
let ENTRY = 'server/cli.ts';

function positive(name: 'rounds' | 'resumes' | 'clients' | 'streams'): number {
  return intFlag(values, name, 1, 100_000);
}

async function main(): Promise<void> {
  if (values.from === 'bundle') ENTRY = await bundled(REPO, ENTRY);
  const dir = tempDir('webmcp-bench-server-');
  let pg: PostgresServer | undefined;
  const results: Record<string, unknown> = {};
  const started = performance.now();
  const loadBefore = loadavg().map((l) => round(l, 2));
  console.log(
    `${cpus().length} cores, load average ${loadBefore.join(' ')} (other work on the machine skews every number below)`,
  );
  const onSignal = () => void stopAll().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  try {
    for (const kind of stores) {
      let store: StoreConfig;
      let env: NodeJS.ProcessEnv = {};
      if (kind === 'postgres') {
        if (!findPostgres()) {
          if (explicitStores) throw new Error(MISSING_POSTGRES);
          console.log(`\n== postgres: skipped. ${MISSING_POSTGRES}`);
          continue;
        }
        pg ??= await startPostgres();
        store = { kind: 'postgres', url: { env: DATABASE_URL_ENV } };
        env = { [DATABASE_URL_ENV]: await pg.createDatabase() };
      } else {
        store = kind === 'sqlite' ? { kind: 'sqlite', path: dir.file(`${kind}.db`) } : { kind: 'memory' };
      }
      console.log(`\n== ${kind}`);
      const first = Object.keys(results).length === 0;
      results[kind] = await benchStore(
        kind,
        store,
        env,
        dir,
        async () => (kind === 'postgres' ? { [DATABASE_URL_ENV]: await pg!.createDatabase() } : {}),
        first,
      );
    }
  } finally {
    await stopAll();
    await pg?.stop();
    dir.remove();
    process.off('SIGINT', onSignal);
  }

  const ratios = printRatios(results);
  const commands = [
    'npx tsx bench/server.ts                 # sqlite and postgres',
    'npx tsx bench/server.ts --store sqlite  # or postgres, memory; repeatable',
    `npx tsx bench/server.ts --store ${stores.join(' --store ')} --rounds ${ROUNDS} --resumes ${RESUMES} --clients ${CLIENTS} --streams ${STREAMS}`,
  ];
  const cpu = cpus();
  const output = {
    measuredAt: new Date().toISOString(),
    machine: {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadavg().map((l) => round(l, 2)),
    },
    setup:
      'One server process (node --import tsx server/cli.ts) on 127.0.0.1, offline model, high rate limits; this client process, ' +
      'the server and PostgreSQL share the machine’s cores. PostgreSQL is a throwaway cluster with fsync and synchronous_commit off; ' +
      'SQLite is a WAL file with synchronous=NORMAL (the server’s settings).',
    options: { stores, rounds: ROUNDS, warmup: WARMUP, resumes: RESUMES, clients: CLIENTS, streams: STREAMS },
    results,
    ratios,
    commands,
    seconds: round((performance.now() - started) / 1000, 1),
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/server.json', `${JSON.stringify(output, null, 2)}\n`);
  console.log(`\nwrote bench/results/server.json (${output.seconds} s). Reproduce with:`);
  for (const c of commands) console.log(`  ${c}`);
}

async function benchStore(
  kind: StoreKind,
  store: StoreConfig,
  env: NodeJS.ProcessEnv,
  dir: ReturnType<typeof tempDir>,
  freshEnv: () => Promise<NodeJS.ProcessEnv>,
  withFollowers: boolean,
) {
  const config = writeConfig(dir.file(`${kind}.json`), faultConfig(store));
  const server = await startServer({ config, env, entry: ENTRY });
  let latency;
  let throughput;
  try {
    latency = await benchLatency(server);
    throughput = await benchThroughput(server);
  } finally {
    await server.kill('SIGTERM');
  }
  // Each idle-stream variant gets a fresh process (and, for SQLite and PostgreSQL, a fresh database).
  // Followers of a run live in this process touch the store only when they connect, so they are
  // measured with the first store only.
  const idle: Record<string, unknown> = {};
  for (const variant of withFollowers ? (['chat', 'follow'] as const) : (['chat'] as const)) {
    const variantConfig =
      kind === 'sqlite'
        ? writeConfig(
            dir.file(`${kind}-${variant}.json`),
            faultConfig({ kind: 'sqlite', path: dir.file(`${kind}-${variant}.db`) }),
          )
        : config;
    idle[variant] = await benchIdleStreams(variant, variantConfig, kind === 'postgres' ? await freshEnv() : env);
  }
  return { resumeRoundTrip: latency.resume, chatRoundTrip: latency.chat, throughput, idleStreams: idle };
}

// ---------------------------------------------------------------------------------------------
// (1) resume round trip

async function benchLatency(server: ServerProcess) {
  const http = new Http(server.url, 4);
  try {
    // The yardstick: a whole `/echo` run (chat → execution_complete) on a warm connection, in fresh
    // sessions (a session's transcript grows with every run, and the runs with it).
    const chatMs: number[] = [];
    let session = '';
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      if (i % 10 === 0) session = await http.init();
      const t0 = performance.now();
      const reply = await http.chat(session, '/echo the quick brown fox');
      if (Number.isNaN(reply.completeAt))
        throw new Error(`a chat did not complete: ${reply.status} ${reply.text.slice(0, 300)}`);
      if (i >= WARMUP) chatMs.push(reply.completeAt - t0);
    }
    const paused = await http.pauseMany(WARMUP + ROUNDS, 4);
    const firstByte: number[] = [];
    const complete: number[] = [];
    for (const [i, p] of paused.entries()) {
      const t0 = performance.now();
      const reply = await http.resume(p);
      if (Number.isNaN(reply.completeAt))
        throw new Error(`a continuation did not complete: ${reply.status} ${reply.text.slice(0, 300)}`);
      if (i < WARMUP) continue;
      firstByte.push(reply.firstByteAt - t0);
      complete.push(reply.completeAt - t0);
    }
    const resume = { rounds: ROUNDS, firstByteMs: stats(firstByte), completeMs: stats(complete) };
    const chat = { rounds: ROUNDS, completeMs: stats(chatMs) };
    console.log(
      `resume round trip (${ROUNDS} paused runs, one at a time): first byte p50 ${resume.firstByteMs.p50} ms, p99 ${resume.firstByteMs.p99} ms; execution_complete p50 ${resume.completeMs.p50} ms, p99 ${resume.completeMs.p99} ms`,
    );
    console.log(
      `  yardstick: /echo chat round trip (chat → execution_complete) p50 ${chat.completeMs.p50} ms, p99 ${chat.completeMs.p99} ms`,
    );
    return { resume, chat };
  } finally {
    http.close();
  }
}

// ---------------------------------------------------------------------------------------------
// (2) resume throughput

async function benchThroughput(server: ServerProcess) {
  const http = new Http(server.url, CLIENTS);
  try {
    const t0 = performance.now();
    const paused = await http.pauseMany(RESUMES, CLIENTS);
    const pauseSeconds = (performance.now() - t0) / 1000;
    const cpu0 = cpuMs(server.pid);
    const self0 = process.cpuUsage();
    const t1 = performance.now();
    let next = 0;
    let failed = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let i = next++; i < paused.length; i = next++) {
          const reply = await http.resume(paused[i]!);
          if (Number.isNaN(reply.completeAt)) failed++;
        }
      }),
    );
    const seconds = (performance.now() - t1) / 1000;
    const cpu = cpuMs(server.pid) - cpu0;
    const self = process.cpuUsage(self0);
    if (failed > 0) throw new Error(`${failed} continuations did not complete`);
    const result = {
      clients: CLIENTS,
      resumes: RESUMES,
      seconds: round(seconds, 2),
      resumesPerSecond: round(RESUMES / seconds, 0),
      serverCpuMsPerResume: round(cpu / RESUMES, 3),
      serverCoresBusy: round(cpu / 1000 / seconds, 2),
      clientCpuMsPerResume: round((self.user + self.system) / 1000 / RESUMES, 3),
      pausesPerSecond: round(RESUMES / pauseSeconds, 0),
    };
    console.log(
      `throughput, ${CLIENTS} concurrent clients: ${result.resumesPerSecond} resumes/s (${RESUMES} in ${result.seconds} s; server CPU ${result.serverCpuMsPerResume} ms per resume, ` +
        `${result.serverCoresBusy} cores busy; client CPU ${result.clientCpuMsPerResume} ms per resume); chat → await pauses made at ${result.pausesPerSecond}/s`,
    );
    return result;
  } finally {
    http.close();
  }
}

// ---------------------------------------------------------------------------------------------
// (3) memory held by idle SSE streams

async function benchIdleStreams(variant: 'chat' | 'follow', config: string, env: NodeJS.ProcessEnv) {
  const server = await startServer({
    entry: ENTRY,
    config,
    env,
    nodeArgs: ['--expose-gc'],
    preload: ['./server/faults/memory-probe.ts'],
    fdLimit: STREAMS + 1024,
  });
  const open: Array<{ req: ClientRequest; res: IncomingMessage }> = [];
  const client = new Http(server.url, 4);
  try {
    // Warm up the paths the streams take, so the baseline has their code compiled and caches filled.
    await client.chat(await client.init(), '/echo warm');
    const before = await memoryOf(server);
    const t0 = performance.now();
    let target: { sessionId: string; executionId: string } | undefined;
    if (variant === 'follow') {
      // One run waiting in a `/slow` step, and STREAMS reconnect followers of it, all caught up (after seq 2).
      const sessionId = await client.init();
      const first = await openStream(
        server.url,
        '/v1/client/chat',
        { sessionId, messages: [{ role: 'user', content: '/slow 300000 done' }] },
        2,
      );
      open.push(first.stream);
      target = { sessionId, executionId: first.executionId };
    }
    // Chat streams: 100 per session, as a hundred tabs' worth of visitors would not share one.
    const sessions: string[] = [];
    if (variant === 'chat') for (let i = 0; i < Math.ceil(STREAMS / 100); i++) sessions.push(await client.init());
    let next = 0;
    await Promise.all(
      Array.from({ length: 200 }, async () => {
        for (let i = next++; i < STREAMS; i = next++) {
          const opened =
            variant === 'chat'
              ? await openStream(
                  server.url,
                  '/v1/client/chat',
                  {
                    sessionId: sessions[Math.floor(i / 100)]!,
                    messages: [{ role: 'user', content: '/slow 300000 done' }],
                  },
                  2,
                )
              : await openStream(server.url, '/v1/client/stream', { ...target!, after: 2 }, 0);
          open.push(opened.stream);
        }
      }),
    );
    const openSeconds = (performance.now() - t0) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await memoryOf(server);
    const n = STREAMS;
    const result = {
      streams: n,
      openSeconds: round(openSeconds, 1),
      before: mb(before),
      after: mb(after),
      rssBytesPerStream: Math.round((after.rss - before.rss) / n),
      heapBytesPerStream: Math.round((after.heapUsed - before.heapUsed) / n),
      externalBytesPerStream: Math.round(
        (after.external + after.arrayBuffers - before.external - before.arrayBuffers) / n,
      ),
    };
    const label =
      variant === 'chat'
        ? `${n} idle chat streams (each a run waiting in /slow)`
        : `${n} idle reconnect followers of one waiting run`;
    console.log(
      `${label}: RSS ${result.before.rssMB} → ${result.after.rssMB} MB (${kb(result.rssBytesPerStream)} KB per stream), ` +
        `heap ${result.before.heapUsedMB} → ${result.after.heapUsedMB} MB (${kb(result.heapBytesPerStream)} KB per stream); opened in ${result.openSeconds} s`,
    );
    return result;
  } finally {
    client.close();
    for (const s of open) {
      s.res.destroy();
      s.req.destroy();
    }
    await server.kill('SIGKILL'); // its runs are still waiting in /slow; the database is thrown away
  }
}

// ---------------------------------------------------------------------------------------------

function stats(values: number[]): { p50: number; p99: number; min: number; max: number } {
  return {
    p50: round(quantile(values, 0.5), 2),
    p99: round(quantile(values, 0.99), 2),
    min: round(Math.min(...values), 2),
    max: round(Math.max(...values), 2),
  };
}

// ---------------------------------------------------------------------------------------------

// 10,000 streams need 10,000 sockets in this process and in the server.
await withOpenFiles(STREAMS + 512, async (limit) => {
  if (limit < STREAMS + 512) {
    const fewer = Math.max(100, limit - 512);
    console.log(`note: open-files limit is ${limit}; measuring ${fewer} idle streams instead of ${STREAMS}`);
    STREAMS = fewer;
  }
  await main();
});
