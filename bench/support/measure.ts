/**
 * Small measures the server benches share. Not a test file.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User + system CPU time of a process so far, in ms (`/proc/<pid>/stat`, clock ticks; all its threads). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the full line)
  return (ticks * 1000) / CLK_TCK;
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Bytes as KB with one decimal. */
export function kb(bytes: number): number {
  return round(bytes / 1024, 1);
}

/**
 * Runs `main` with at least `need` open files allowed: when the soft limit is lower, this script is
 * run again once under a shell's `ulimit -n` (up to the hard limit) and this process exits with it.
 * `main` is given the limit it got (lower than `need` when the hard limit is).
 */
export async function withOpenFiles(need: number, main: (limit: number) => Promise<void>): Promise<void> {
  const soft = Number(execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
  if (soft >= need || process.env.WEBMCP_BENCH_FDS_RAISED) return main(soft);
  const child = spawn(
    '/bin/sh',
    [
      '-c',
      `ulimit -n ${need} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"`,
      process.execPath,
      ...process.execArgv,
      ...process.argv.slice(1),
    ],
    { stdio: 'inherit', env: { ...process.env, WEBMCP_BENCH_FDS_RAISED: '1' } },
  );
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
