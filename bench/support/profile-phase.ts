/**
 * The bench's side of `cpu-probe.ts`: profiles one phase of a server process (started with the
 * probe preloaded) and reads the profile's shares (`cpu-shares.ts`) as per cents of busy samples.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import type { ServerProcess } from '../../server/faults/harness.js';
import { cpuShares } from './cpu-shares.js';
import { round } from './measure.js';

/**
 * Runs `phase` between two SIGUSR2 to `server`, copies the profile to `copyTo` and returns its
 * shares (idle left out) as per cents of the busy samples.
 */
export async function profilePhase(
  server: ServerProcess,
  phase: () => Promise<unknown>,
  copyTo: string,
): Promise<Record<string, number>> {
  const from = server.output().length;
  server.child.kill('SIGUSR2');
  await waitLine(server, '[cpu-profile] started', from);
  await phase();
  const at = server.output().length;
  server.child.kill('SIGUSR2');
  const line = await waitLine(server, '[cpu-profile] /', at);
  const path = line.slice('[cpu-profile] '.length);
  mkdirSync('bench/results', { recursive: true });
  copyFileSync(path, copyTo);
  const shares = cpuShares(JSON.parse(readFileSync(path, 'utf8')) as Parameters<typeof cpuShares>[0]);
  const busy = 1 - shares.idle;
  return Object.fromEntries(
    Object.entries(shares)
      .filter(([k]) => k !== 'idle')
      .map(([k, v]) => [k, round((v / busy) * 100, 1)]),
  );
}

/** The first line of `server`'s output after `from` starting with `prefix` (polled; 30 s at most). */
async function waitLine(server: ServerProcess, prefix: string, from: number): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const line = server.linesAfter(prefix, from)[0];
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no "${prefix}" line`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
