/**
 * Preloaded into a server process by `bench/resume-baseline.ts --profile` (`--import
 * ./bench/support/cpu-probe.ts`): the first SIGUSR2 starts V8's CPU profiler, the second stops it, writes
 * the profile to `$WEBMCP_CPU_PROFILE` and prints `[cpu-profile] <path>`. So a profile covers only the
 * phase the bench chooses (the resumes, not the chats that paused the runs). Not a test file.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const session = new Session();
session.connect();
let profiling = false;

function post(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

process.on('SIGUSR2', () => {
  void (async () => {
    if (!profiling) {
      profiling = true;
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
      process.stdout.write('[cpu-profile] started\n');
      return;
    }
    profiling = false;
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    const path = process.env.WEBMCP_CPU_PROFILE ?? `cpu-${process.pid}.cpuprofile`;
    writeFileSync(path, JSON.stringify(profile));
    process.stdout.write(`[cpu-profile] ${path}\n`);
  })();
});
