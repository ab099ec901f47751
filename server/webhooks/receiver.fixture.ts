/**
 * A webhook receiver for tests: a loopback `node:http` server that records every request, answers
 * as the test's plan says (a status, or `'hang'`: never answer), and checks each signature with
 * {@link verifyWebhook} when given the secret. Not a test file.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from './verify.js';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** When it arrived (`performance.now()`). */
  at: number;
  /** The parsed body when the signature verified, else the error. */
  verified: { ok: true; payload: unknown } | { ok: false; error: Error } | undefined;
  /** The status answered, or `'hang'`. */
  answer: number | 'hang';
}

export interface Receiver {
  url: string;
  requests: ReceivedWebhook[];
  /** Resolves once `count` requests have arrived (with all of them so far). */
  received(count: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** Starts a receiver; `plan(n, headers)` (n from 0) says how to answer the n-th request. Default: 204. */
export async function startReceiver(
  options: { secret?: string; plan?: (n: number, headers: IncomingHttpHeaders) => number | 'hang' } = {},
): Promise<Receiver> {
  const requests: ReceivedWebhook[] = [];
  const waiters: Array<{ count: number; resolve: (r: ReceivedWebhook[]) => void }> = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = options.plan?.(requests.length, req.headers) ?? 204;
      let verified: ReceivedWebhook['verified'];
      if (options.secret !== undefined) {
        try {
          verified = { ok: true, payload: verifyWebhook(options.secret, req.headers, body) };
        } catch (error) {
          verified = { ok: false, error: error as Error };
        }
      }
      requests.push({ headers: req.headers, body, at: performance.now(), verified, answer });
      for (const w of [...waiters]) {
        if (requests.length >= w.count) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve([...requests]);
        }
      }
      if (answer === 'hang') hanging.push(res);
      else res.writeHead(answer, answer >= 300 && answer < 400 ? { location: '/elsewhere' } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    received: (count) =>
      requests.length >= count
        ? Promise.resolve([...requests])
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
