/**
 * The resume path against a bare server, in one run: our server (SQLite store, offline model) and
 * `bench/support/resume-baseline-server.ts` (plain `node:http` + better-sqlite3 doing the same JSON parsing,
 * one SQLite write with the same pragmas and one SSE response with the same frames per resume), both
 * as processes on loopback, measured interleaved:
 * (1) latency — paused runs resumed one at a time, alternating ours and bare: p50/p99 to the end of
 *     the continuation, and the p50 time and CPU inside each server (`bench/support/request-timer.ts`);
 * (2) throughput — `--clients` concurrent clients, alternating rounds of ours and bare: resumes per
 *     second and each server's CPU per resume (`/proc/<pid>/stat`, the process's `cpuUsage`);
 * (3) idle SSE streams — `--streams` open streams on a fresh process of each (ours: chat runs waiting
 *     in `/slow`, `--streams-per-session` chats per session; bare: a held response with a ping timer),
 *     RSS per stream after a forced GC;
 * (4) with `--profile`, our server's CPU profile over one throughput round, as shares
 *     (store, SSE writing, JSON, Hono, engine…; see `bench/support/cpu-shares.ts`); with
 *     `--profile-serial` as well, over the same resumes taken one at a time (the latency case).
 *
 *   npx tsx bench/resume-baseline.ts [--rounds 200] [--resumes 600] [--throughput-rounds 3]
 *                                    [--clients 16] [--streams 5000] [--streams-per-session 1] [--profile [--profile-serial]]
 *                                    [--before <checkout>]
 *
 * `--before` also runs the server of another checkout of this repository (e.g. an earlier commit
 * unpacked with `git archive`, with a `node_modules` link) in the throughput rounds, interleaved,
 * so a change is measured against what it changed under the same load: resumes per second and CPU
 * per resume (medians of the rounds), and each process's CPU per chat and resume over all the
 * rounds, pausing included.
 *
 * Prints numbers and ratios (ours / bare) and writes bench/results/resume-baseline.json; never
 * passes or fails on timing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  faultConfig,
  quantile,
  REPO,
  stopAll,
  tempDir,
  writeConfig,
  type ServerProcess,
} from '../server/faults/harness.js';
import { intFlag } from './support/args.js';
import { cpuMs, kb, round, withOpenFiles } from './support/measure.js';
import { profilePhase } from './support/profile-phase.js';
import { bundled } from './support/bundle.js';
import { Http, idleStreams, startOurs, startProcess, type Entries, type Paused } from './support/resume-clients.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '200' },
    resumes: { type: 'string', default: '600' },
    'throughput-rounds': { type: 'string', default: '3' },
    clients: { type: 'string', default: '16' },
    streams: { type: 'string', default: '5000' },
    'streams-per-session': { type: 'string', default: '1' },
    profile: { type: 'boolean', default: false },
    'profile-serial': { type: 'boolean', default: false },
    before: { type: 'string' },
    from: { type: 'string', default: 'bundle' },
  },
});
const int = (name: keyof typeof values, max = 100_000) => intFlag(values, name, 0, max);
const ROUNDS = int('rounds');
const RESUMES = int('resumes');
const T_ROUNDS = int('throughput-rounds', 20);
const CLIENTS = int('clients', 1000);
const STREAMS = int('streams');
const PER_SESSION = Math.max(1, int('streams-per-session'));
if (values.from !== 'bundle' && values.from !== 'source') throw new Error('--from: bundle or source');
if (values['profile-serial'] && !values.profile) throw new Error('--profile-serial goes with --profile');
// A profile's shares are told by source file (cpu-shares.ts), which one bundle file would hide.
const FROM = values.profile ? 'source' : values.from;

const SOURCES: Entries = { ours: 'server/cli.ts', bare: 'bench/support/resume-baseline-server.ts' };

/** The script the server at `source` of the checkout at `repo` runs from: bundled as deployed, or the source. */
async function runnable(repo: string, source: string): Promise<string> {
  return FROM === 'source' ? source : bundled(repo, source);
}
const WARMUP = 30;

async function main(): Promise<void> {
  const dir = tempDir('webmcp-bench-baseline-');
  const loadBefore = loadavg().map((l) => round(l, 2));
  console.log(
    `${cpus().length} cores, load average ${loadBefore.join(' ')} (other work on the machine skews every number)`,
  );
  const out: Record<string, unknown> = {};
  try {
    const entries: Entries = { ours: await runnable(REPO, SOURCES.ours), bare: await runnable(REPO, SOURCES.bare) };
    console.log(
      `servers run from ${FROM === 'bundle' ? 'bundles, as deployed' : 'TypeScript sources under tsx'}` +
        (values.profile ? ' (--profile needs the sources)' : ''),
    );
    const ours = await startOurs(
      entries.ours,
      writeConfig(dir.file('ours.json'), faultConfig({ kind: 'sqlite', path: dir.file('ours.db') })),
      {
        preload: ['./bench/support/request-timer.ts', ...(values.profile ? ['./bench/support/cpu-probe.ts'] : [])],
        env: { WEBMCP_CPU_PROFILE: dir.file('ours.cpuprofile') },
      },
    );
    const oursHttp = new Http(ours.url, CLIENTS);
    // The bare server answers with the frames ours sent for the same continuation.
    const sample = await oursHttp.pause();
    const reply = await oursHttp.resume(sample);
    writeFileSync(dir.file('template.sse'), reply.text.split(sample.executionId).join('{{exec}}'));
    const bare = await startProcess([entries.bare, dir.file('bare.db'), dir.file('template.sse')], {
      preload: ['./bench/support/request-timer.ts'],
    });
    const bareHttp = new Http(bare.url, CLIENTS);

    out.latency = await latency(ours, oursHttp, bare, bareHttp);
    out.throughput = await throughput(ours, oursHttp, bare, bareHttp);
    if (values.before) out.before = await againstBefore(values.before, dir, entries.ours);
    if (values.profile) out.profile = await profile(ours, oursHttp);
    oursHttp.close();
    bareHttp.close();
    await ours.kill('SIGTERM');
    await bare.kill('SIGTERM');

    if (STREAMS > 0) out.idle = await idle(dir, entries);
  } finally {
    await stopAll();
    dir.remove();
  }
  const results = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: loadavg() },
    options: {
      rounds: ROUNDS,
      resumes: RESUMES,
      throughputRounds: T_ROUNDS,
      clients: CLIENTS,
      streams: STREAMS,
      from: FROM,
    },
    ...out,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/resume-baseline.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nwrote bench/results/resume-baseline.json');
}

async function latency(oursProcess: ServerProcess, ours: Http, bareProcess: ServerProcess, bare: Http) {
  const paused = await ours.pauseMany(WARMUP + ROUNDS, 4);
  const o: number[] = [];
  const b: number[] = [];
  const from = [oursProcess.output().length, bareProcess.output().length] as const;
  for (const [i, p] of paused.entries()) {
    // Alternate which goes first, so neither always runs right after the other's work.
    const pair: Array<[Http, number[]]> =
      i % 2
        ? [
            [ours, o],
            [bare, b],
          ]
        : [
            [bare, b],
            [ours, o],
          ];
    for (const [http, into] of pair) {
      const t0 = performance.now();
      const r = await http.resume(p, true);
      if (Number.isNaN(r.completeAt)) throw new Error(`a continuation did not complete: ${r.text.slice(0, 200)}`);
      if (i >= WARMUP) into.push(r.completeAt - t0);
    }
  }
  // Inside each server (request-timer.ts): from the request to the response's last byte, and the CPU over it.
  const inside = (server: ServerProcess, offset: number) => {
    const rows = server
      .linesAfter('[request-timer] ', offset)
      .slice(WARMUP)
      .map((line) => line.split(' ').slice(1).map(Number) as [number, number]);
    return {
      wallP50: round(
        quantile(
          rows.map((r) => r[0]),
          0.5,
        ),
        3,
      ),
      cpuP50: round(
        quantile(
          rows.map((r) => r[1]),
          0.5,
        ),
        3,
      ),
    };
  };
  const result = {
    ours: stats(o),
    bare: stats(b),
    p50Ratio: round(quantile(o, 0.5) / quantile(b, 0.5), 2),
    server: { ours: inside(oursProcess, from[0]), bare: inside(bareProcess, from[1]) },
  };
  console.log(
    `resume latency (${ROUNDS} one at a time, interleaved): ours p50 ${result.ours.p50} ms p99 ${result.ours.p99} ms; ` +
      `bare p50 ${result.bare.p50} ms p99 ${result.bare.p99} ms; ours/bare p50 ${result.p50Ratio}×, p99 ${round(result.ours.p99 / result.bare.p99, 2)}×`,
  );
  const { ours: si, bare: sb } = result.server;
  console.log(
    `  inside the server, p50: ours ${si.wallP50} ms (CPU ${si.cpuP50} ms), bare ${sb.wallP50} ms (CPU ${sb.cpuP50} ms), ` +
      `ours/bare ${round(si.wallP50 / sb.wallP50, 2)}×; the client and loopback: ours ${round(result.ours.p50 - si.wallP50, 3)} ms, ` +
      `bare ${round(result.bare.p50 - sb.wallP50, 3)} ms`,
  );
  return result;
}

async function throughput(ours: ServerProcess, oursHttp: Http, bare: ProcessLike, bareHttp: Http) {
  const rounds: Array<{ ours: Round; bare: Round }> = [];
  for (let r = 0; r < T_ROUNDS; r++) {
    const paused = await oursHttp.pauseMany(RESUMES, CLIENTS);
    // Alternate which goes first in a round; the bare server takes the same bodies.
    if (r % 2 === 0) {
      const o = await round1(ours, oursHttp, paused);
      rounds.push({ ours: o, bare: await round1(bare, bareHttp, paused) });
    } else {
      const b = await round1(bare, bareHttp, paused);
      rounds.push({ ours: await round1(ours, oursHttp, paused), bare: b });
    }
  }
  const med = (pick: (x: { ours: Round; bare: Round }) => number) => quantile(rounds.map(pick), 0.5);
  const result = {
    rounds,
    oursPerSecond: round(
      med((x) => x.ours.perSecond),
      0,
    ),
    barePerSecond: round(
      med((x) => x.bare.perSecond),
      0,
    ),
    oursCpuMsPerResume: round(
      med((x) => x.ours.cpuMs),
      3,
    ),
    bareCpuMsPerResume: round(
      med((x) => x.bare.cpuMs),
      3,
    ),
    throughputRatio: 0,
    cpuRatio: 0,
  };
  result.throughputRatio = round(result.oursPerSecond / result.barePerSecond, 2);
  result.cpuRatio = round(result.oursCpuMsPerResume / result.bareCpuMsPerResume, 2);
  console.log(
    `throughput (${CLIENTS} clients, ${RESUMES} resumes × ${T_ROUNDS} interleaved rounds, medians): ours ${result.oursPerSecond}/s, ` +
      `bare ${result.barePerSecond}/s (ours/bare ${result.throughputRatio}×); CPU per resume ours ${result.oursCpuMsPerResume} ms, ` +
      `bare ${result.bareCpuMsPerResume} ms (ours/bare ${result.cpuRatio}×)`,
  );
  return result;
}

interface Round {
  perSecond: number;
  cpuMs: number;
}
type ProcessLike = Pick<ServerProcess, 'pid'>;

async function round1(server: ProcessLike, http: Http, paused: readonly Paused[]): Promise<Round> {
  const cpu0 = cpuMs(server.pid);
  const t0 = performance.now();
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < paused.length; i = next++) {
        if (Number.isNaN((await http.resume(paused[i]!)).completeAt)) failed++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  if (failed > 0) throw new Error(`${failed} continuations did not complete`);
  return { perSecond: round(paused.length / seconds, 0), cpuMs: round((cpuMs(server.pid) - cpu0) / paused.length, 3) };
}

async function againstBefore(checkout: string, dir: ReturnType<typeof tempDir>, oursEntry: string) {
  // Both servers fresh, started and warmed the same way (an A/A run of this gives about 1×): the
  // server already running has been through the other rounds and its process was started otherwise.
  const start = async (name: string, cwd: string, entry: string) => {
    const config = writeConfig(dir.file(`${name}.json`), faultConfig({ kind: 'sqlite', path: dir.file(`${name}.db`) }));
    const server = await startOurs(entry, config, { cwd });
    return { server, http: new Http(server.url, CLIENTS) };
  };
  const now = await start('now', REPO, oursEntry);
  const then = await start('before', checkout, await runnable(checkout, SOURCES.ours));
  const rounds: Array<{ ours: Round; before: Round }> = [];
  let whole: [number, number];
  try {
    for (const s of [now, then]) await round1(s.server, s.http, await s.http.pauseMany(RESUMES, CLIENTS));
    // Everything each process spends from here on, pausing included (its checkpoints land wherever
    // the rounds put them): steadier than the resume rounds' own figures.
    const whole0 = [cpuMs(now.server.pid), cpuMs(then.server.pid)];
    for (let r = 0; r < T_ROUNDS; r++) {
      // Each order in turn, the pausing too: a server's background work after a burst (its WAL
      // checkpoint) lands on whatever runs next.
      if (r % 2 === 0) {
        const mine = await now.http.pauseMany(RESUMES, CLIENTS);
        const theirs = await then.http.pauseMany(RESUMES, CLIENTS);
        const o = await round1(now.server, now.http, mine);
        rounds.push({ ours: o, before: await round1(then.server, then.http, theirs) });
      } else {
        const theirs = await then.http.pauseMany(RESUMES, CLIENTS);
        const mine = await now.http.pauseMany(RESUMES, CLIENTS);
        const b = await round1(then.server, then.http, theirs);
        rounds.push({ ours: await round1(now.server, now.http, mine), before: b });
      }
    }
    whole = [cpuMs(now.server.pid) - whole0[0]!, cpuMs(then.server.pid) - whole0[1]!].map((ms) =>
      round(ms / (T_ROUNDS * RESUMES), 3),
    ) as [number, number];
  } finally {
    for (const s of [now, then]) {
      s.http.close();
      await s.server.kill('SIGTERM');
    }
  }
  const med = (pick: (x: { ours: Round; before: Round }) => number) => quantile(rounds.map(pick), 0.5);
  const result = {
    checkout,
    rounds,
    oursPerSecond: round(
      med((x) => x.ours.perSecond),
      0,
    ),
    beforePerSecond: round(
      med((x) => x.before.perSecond),
      0,
    ),
    oursCpuMsPerResume: round(
      med((x) => x.ours.cpuMs),
      3,
    ),
    beforeCpuMsPerResume: round(
      med((x) => x.before.cpuMs),
      3,
    ),
    /** CPU per chat-and-resume over all the rounds, pausing included. */
    oursWholeCpuMs: whole[0],
    beforeWholeCpuMs: whole[1],
  };
  console.log(
    `against ${checkout} (${T_ROUNDS} interleaved rounds, medians): ${result.oursPerSecond}/s vs ${result.beforePerSecond}/s ` +
      `(${round(result.oursPerSecond / result.beforePerSecond, 2)}×); CPU per resume ${result.oursCpuMsPerResume} ms vs ` +
      `${result.beforeCpuMsPerResume} ms (${round(result.oursCpuMsPerResume / result.beforeCpuMsPerResume, 2)}×); ` +
      `CPU per chat and resume, all rounds ${whole[0]} ms vs ${whole[1]} ms (${round(whole[0] / whole[1], 2)}×)`,
  );
  return result;
}

async function profile(ours: ServerProcess, http: Http) {
  const paused = await http.pauseMany(RESUMES, CLIENTS);
  const serial = values['profile-serial'];
  const ofBusy = await profilePhase(
    ours,
    async () => {
      if (serial) for (const p of paused) await http.resume(p);
      else await round1(ours, http, paused);
    },
    'bench/results/resume-ours.cpuprofile',
  );
  console.log(
    `our server's CPU over ${RESUMES} resumes${serial ? ' one at a time' : ''}, % of busy samples: ${JSON.stringify(ofBusy)} (bench/results/resume-ours.cpuprofile)`,
  );
  return { busyShares: ofBusy };
}

async function idle(dir: ReturnType<typeof tempDir>, entries: Entries) {
  const oursStreams = await idleStreams('ours', STREAMS, dir, entries, PER_SESSION);
  const bareStreams = await idleStreams('bare', STREAMS, dir, entries);
  const ratio = round(oursStreams.rssBytesPerStream / bareStreams.rssBytesPerStream, 2);
  console.log(
    `${STREAMS} idle SSE streams (ours ${PER_SESSION} per session): ours ${kb(oursStreams.rssBytesPerStream)} KB RSS per stream ` +
      `(heap ${kb(oursStreams.heapBytesPerStream)} KB), bare ${kb(bareStreams.rssBytesPerStream)} KB ` +
      `(heap ${kb(bareStreams.heapBytesPerStream)} KB); ours/bare ${ratio}×`,
  );
  return { ours: oursStreams, bare: bareStreams, ratio };
}

function stats(v: number[]) {
  return { p50: round(quantile(v, 0.5), 2), p99: round(quantile(v, 0.99), 2) };
}
// Thousands of streams need thousands of sockets here too: re-run once under a raised `ulimit -n`.
await withOpenFiles(STREAMS * 2 + 512, main);
