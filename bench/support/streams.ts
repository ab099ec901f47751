/**
 * Open SSE streams and a server's memory, for the benches that measure what idle streams hold
 * (`bench/server.ts`, `bench/resume-baseline.ts`). Not a test file.
 */
import { readFileSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { ORIGIN, procMemory, type ServerProcess } from '../../server/faults/harness.js';
import { round } from './measure.js';

export interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** The server's memory after a forced GC: V8's numbers from the preloaded `server/faults/memory-probe.ts`, RSS from /proc. */
export async function memoryOf(server: ServerProcess): Promise<Memory> {
  const from = server.output().length;
  server.child.kill('SIGUSR2');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const line = server.linesAfter('[memory] ', from)[0];
    if (line) {
      const v8 = JSON.parse(line.slice('[memory] '.length)) as Memory;
      return { ...v8, rss: procMemory(server.pid, (p) => readFileSync(p, 'utf8')).rss };
    }
    if (Date.now() > deadline) throw new Error('the memory probe did not answer');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Memory in MB, for printing. */
export function mb(m: Memory) {
  return {
    rssMB: round(m.rss / 2 ** 20, 1),
    heapUsedMB: round(m.heapUsed / 2 ** 20, 1),
    externalMB: round((m.external + m.arrayBuffers) / 2 ** 20, 1),
  };
}

/**
 * POSTs `body` to a stream route on its own socket and resolves once the response is 200 and
 * `frames` data frames have arrived; the connection stays open until destroyed.
 */
export function openStream(
  base: string,
  path: string,
  body: unknown,
  frames: number,
): Promise<{ stream: { req: ClientRequest; res: IncomingMessage }; executionId: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(`${base}${path}`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', origin: ORIGIN, 'content-length': Buffer.byteLength(payload) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${path}: no ${frames} frames within 30 s`));
    }, 30_000);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        clearTimeout(timer);
        res.resume();
        reject(new Error(`${path}: ${res.statusCode}`));
        return;
      }
      let text = '';
      let done = false;
      const check = () => {
        const data = text.split('\n\n').filter((block) => block.includes('\ndata: ') || block.startsWith('data: '));
        if (done || data.length < frames) return;
        done = true;
        clearTimeout(timer);
        const executionId =
          frames > 0
            ? (JSON.parse(data[0]!.slice(data[0]!.indexOf('data: ') + 6)) as { executionId: string }).executionId
            : '';
        resolve({ stream: { req, res }, executionId });
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (!done) text += chunk;
        check();
      });
      check();
    });
    req.end(payload);
  });
}
