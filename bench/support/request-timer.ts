/**
 * Preloaded into both servers by `bench/resume-baseline.ts` (`--import ./bench/support/request-timer.ts`):
 * for each request sent with a `x-request-timer` header (the bench's one-at-a-time resumes) it prints `[request-timer] <wall ms> <cpu ms>` on stderr when the
 * response has finished — the time from Node's `request` event to the last byte handed to the socket,
 * and the process's CPU over that time (all threads: one resume at a time, that is the resume's).
 * So the bench can tell the server's share of a client's latency from the client's and the network's.
 * Not a test file.
 */
import { Server } from 'node:http';

const emit = Server.prototype.emit;
Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
  const [req, res] = args as [{ headers: Record<string, unknown> }, { once(e: 'finish', f: () => void): void }];
  if (event === 'request' && req.headers['x-request-timer']) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    res.once('finish', () => {
      const cpu = process.cpuUsage(cpu0);
      process.stderr.write(
        `[request-timer] ${(performance.now() - t0).toFixed(4)} ${((cpu.user + cpu.system) / 1000).toFixed(4)}\n`,
      );
    });
  }
  return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
} as typeof Server.prototype.emit;
