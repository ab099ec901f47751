/**
 * Clients and processes for `bench/resume-baseline.ts`: a lean keep-alive `node:http` client (so the
 * client's own cost stays small next to the servers'), a starter for the bare server, and the
 * idle-stream memory measure.
 */
import { spawn } from 'node:child_process';
import { Agent, request, type ClientRequest, type IncomingMessage } from 'node:http';
import {
  faultConfig,
  GET_CART,
  mcpText,
  ORIGIN,
  parseSse,
  REPO,
  TOKEN,
  type tempDir,
  writeConfig,
  type ServerProcess,
} from '../../server/faults/harness.js';
import { memoryOf, openStream } from './streams.js';

export interface Reply {
  status: number;
  text: string;
  /** `performance.now()` at the first body byte, and when the `execution_complete` frame arrived (NaN if never). */
  firstByteAt: number;
  completeAt: number;
}

export interface Paused {
  sessionId: string;
  executionId: string;
  toolCallId: string;
}

/** The client-token routes over one keep-alive agent. */
export class Http {
  readonly agent: Agent;
  constructor(
    readonly base: string,
    sockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  /** `timed`: asks a server running `request-timer.ts` to report this request's time and CPU. */
  post(path: string, body: unknown, timed = false): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = request(`${this.base}${path}`, {
        method: 'POST',
        agent: this.agent,
        headers: {
          'content-type': 'application/json',
          origin: ORIGIN,
          'content-length': Buffer.byteLength(payload),
          ...(timed ? { 'x-request-timer': '1' } : {}),
        },
      });
      req.on('error', reject);
      req.on('response', (res) => {
        let text = '';
        let firstByteAt = NaN;
        let completeAt = NaN;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (Number.isNaN(firstByteAt)) firstByteAt = performance.now();
          text += chunk;
          if (Number.isNaN(completeAt) && chunk.includes('event: execution_complete')) completeAt = performance.now();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, firstByteAt, completeAt }));
        res.on('error', reject);
      });
      req.end(payload);
    });
  }

  resume(p: Paused, timed = false): Promise<Reply> {
    return this.post(
      '/v1/client/resume',
      {
        sessionId: p.sessionId,
        executionId: p.executionId,
        toolOutputs: { [p.toolCallId]: mcpText('2 × blue mug, 18.00 EUR') },
        streamResponse: true,
      },
      timed,
    );
  }

  /** A new session's id. */
  async init(): Promise<string> {
    const reply = await this.post('/v1/client/init', { token: TOKEN });
    if (reply.status !== 200) throw new Error(`init: ${reply.status} ${reply.text}`);
    return (JSON.parse(reply.text) as { sessionId: string }).sessionId;
  }

  /** One chat turn in `sessionId` offering `get_cart`. */
  chat(sessionId: string, text: string): Promise<Reply> {
    return this.post('/v1/client/chat', {
      sessionId,
      messages: [{ role: 'user', content: text }],
      clientTools: [GET_CART],
    });
  }

  /** A run of a fresh session paused on `get_cart`. */
  async pause(): Promise<Paused> {
    const sessionId = await this.init();
    const reply = await this.chat(sessionId, '/tool get_cart {}');
    const awaited = parseSse(reply.text).at(-1);
    if (reply.status !== 200 || awaited?.type !== 'await')
      throw new Error(`expected a pause, got ${reply.status} ${reply.text.slice(0, 300)}`);
    return { sessionId, executionId: awaited.executionId, toolCallId: awaited.toolCallId };
  }

  /** `n` paused runs made by `concurrency` clients at a time. */
  async pauseMany(n: number, concurrency: number): Promise<Paused[]> {
    const out: Paused[] = new Array(n);
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < n; i = next++) out[i] = await this.pause();
      }),
    );
    return out;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The scripts the bench runs: our server's CLI and the bare server, as sources or bundles (`bundle.ts`). */
export interface Entries {
  ours: string;
  bare: string;
}

/** Our server from `entry` (its CLI) with `config`, on a free loopback port. */
export function startOurs(
  entry: string,
  config: string,
  options: Parameters<typeof startProcess>[1] = {},
): Promise<ServerProcess> {
  return startProcess([entry, '--config', config, '--port', '0', '--host', '127.0.0.1'], options);
}

/** Starts `node --import tsx <args>` in the repository and resolves once it prints `listening on`. */
export async function startProcess(
  args: string[],
  options: { nodeArgs?: string[]; preload?: string[]; fdLimit?: number; cwd?: string; env?: NodeJS.ProcessEnv },
): Promise<ServerProcess> {
  const node = [
    ...(options.nodeArgs ?? []),
    '--import',
    'tsx',
    ...(options.preload ?? []).flatMap((p) => ['--import', p]),
    ...args,
  ];
  const child = spawn(
    '/bin/sh',
    ['-c', `ulimit -n ${options.fdLimit ?? 4096} 2>/dev/null || true; exec "$0" "$@"`, process.execPath, ...node],
    { cwd: options.cwd ?? REPO, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (log += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (log += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.once('exit', () => child.kill('SIGKILL'));
  const url = await new Promise<string>((resolve, reject) => {
    // Only until it listens: the log keeps growing, and a search of all of it per chunk would
    // make the bench's own process the bottleneck.
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(log);
      if (!match) return;
      child.stdout!.off('data', check);
      resolve(match[1]!);
    };
    child.stdout!.on('data', check);
    void exited.then(() => reject(new Error(`exited before listening:\n${log}`)));
  });
  return {
    url,
    pid: child.pid!,
    child,
    output: () => log,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    linesAfter: (prefix, from) =>
      log
        .slice(from)
        .split('\n')
        .filter((l) => l.startsWith(prefix)),
  };
}

/**
 * Opens `n` idle SSE streams on a fresh process of `kind` and measures its memory before and after
 * (after a forced GC): ours holds chat streams whose runs wait in a `/slow` step; bare holds a
 * response with a ping timer. Ours opens `perSession` chats in each session (default 1, one
 * visitor per stream): several chats in one session each carry the session's transcript so far,
 * which grows with every chat before it, so 100 per session measures transcripts as much as streams.
 */
export async function idleStreams(
  kind: 'ours' | 'bare',
  n: number,
  dir: ReturnType<typeof tempDir>,
  entries: Entries,
  perSession = 1,
) {
  const probe = { nodeArgs: ['--expose-gc'], preload: ['./server/faults/memory-probe.ts'], fdLimit: n + 1024 };
  const server =
    kind === 'ours'
      ? await startOurs(
          entries.ours,
          writeConfig(dir.file('idle.json'), faultConfig({ kind: 'sqlite', path: dir.file('idle.db') })),
          probe,
        )
      : await startProcess([entries.bare, dir.file('idle-bare.db'), dir.file('template.sse')], probe);
  const http = new Http(server.url, 4);
  const open: Array<{ req: ClientRequest; res: IncomingMessage }> = [];
  try {
    const sessions: string[] = [];
    if (kind === 'ours') {
      const count = Math.ceil(n / perSession);
      let made = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (made < count) {
            made++;
            const init = await http.post('/v1/client/init', { token: TOKEN });
            sessions.push((JSON.parse(init.text) as { sessionId: string }).sessionId);
          }
        }),
      );
      // Warm the path the streams take, so the "before" has its code compiled.
      await http.post('/v1/client/chat', {
        sessionId: sessions[0],
        messages: [{ role: 'user', content: '/echo warm' }],
      });
    }
    const before = await memoryOf(server);
    let next = 0;
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        for (let i = next++; i < n; i = next++) {
          open.push(
            kind === 'ours'
              ? (
                  await openStream(
                    server.url,
                    '/v1/client/chat',
                    {
                      sessionId: sessions[Math.floor(i / perSession)]!,
                      messages: [{ role: 'user', content: '/slow 300000 done' }],
                    },
                    2,
                  )
                ).stream
              : (await openStream(server.url, '/idle', {}, 2)).stream,
          );
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await memoryOf(server);
    return {
      streams: n,
      ...(kind === 'ours' ? { streamsPerSession: perSession } : {}),
      rssBytesPerStream: Math.round((after.rss - before.rss) / n),
      heapBytesPerStream: Math.round((after.heapUsed - before.heapUsed) / n),
    };
  } finally {
    http.close();
    for (const s of open) {
      s.res.destroy();
      s.req.destroy();
    }
    await server.kill('SIGKILL');
  }
}
