/**
 * Harness for the fault tests and `bench/server.ts`: real server processes (`server/cli.ts` run by
 * Node with tsx's loader, exactly what `npx tsx server/cli.ts` runs, minus the wrapper process),
 * temp config files, a client for the client-token routes over real loopback HTTP, and an
 * incremental SSE reader. No vitest here, so the bench can import it. Not a test file.
 *
 * Why `node --import tsx` rather than the `tsx` CLI: the CLI spawns a second Node process and
 * relays signals to it, and SIGKILL cannot be relayed — killing the wrapper would orphan the
 * server. Here the child's pid is the server's pid (its `/proc/<pid>/status` is the server's).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientTool, StreamEvent } from '../../bridge/protocol/index.js';
import { SseParser } from '../../bridge/transport/sse-parser.js';
import { SseReader } from '../test-support/sse-reader.js';

/** The repository root (where `server/cli.ts` is resolved from). */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const ORIGIN = 'http://shop.faults.test';
/** Token of the `fast` surface (offline model streaming as fast as it is read). */
export const TOKEN = 'ct_test_faults';
/** Token of the `slow` surface (offline model with a pause between words). */
export const SLOW_TOKEN = 'ct_test_faults_slow';
/** The pause between streamed words on the `slow` surface. */
export const SLOW_WORD_MS = 8;

export const GET_CART: ClientTool = {
  name: 'get_cart',
  description: 'Show the cart',
  parametersSchema: { type: 'object' },
  origin: 'webmcp',
};

/** Rate limits far above anything a test or the bench sends (the defaults are 30/min per session). */
export const HIGH_LIMITS = {
  perToken: { requests: 1_000_000, windowSeconds: 60 },
  perSession: { requests: 1_000_000, windowSeconds: 60 },
  perAddress: { requests: 1_000_000, windowSeconds: 60 },
  replay: {
    perSession: { requests: 1_000_000, windowSeconds: 60 },
    bytesPerSession: { bytes: 2_000_000_000, windowSeconds: 60 },
  },
};

export type StoreConfig =
  { kind: 'memory' } | { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string | { env: string } };

/** The environment variable the configs below read a PostgreSQL URL from (secrets stay out of config files). */
export const DATABASE_URL_ENV = 'WEBMCP_FAULTS_DATABASE_URL';

/** A config with two surfaces on one origin: `fast` ({@link TOKEN}) and `slow` ({@link SLOW_TOKEN}). */
export function faultConfig(store: StoreConfig): Record<string, unknown> {
  const surface = (agent: string, token: string) => ({
    agent,
    clientTokens: [{ token, allowedOrigins: [ORIGIN] }],
    behavior: { webmcp: { enabled: true, allowlist: [{ origin: '*', tools: ['*'] }] } },
  });
  return {
    store,
    limits: HIGH_LIMITS,
    agents: {
      fast: { model: 'offline', maxSteps: 8 },
      slow: { model: { provider: 'offline', wordDelayMs: SLOW_WORD_MS }, maxSteps: 8 },
    },
    surfaces: { fast: surface('fast', TOKEN), slow: surface('slow', SLOW_TOKEN) },
  };
}

/** A temp folder for config and database files; `remove()` deletes it. */
export function tempDir(prefix = 'webmcp-faults-'): { path: string; file(name: string): string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, file: (name) => join(path, name), remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Writes `config` as JSON to `path` and returns the path. */
export function writeConfig(path: string, config: Record<string, unknown>): string {
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

export interface ServerProcess {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** Sends `signal` (default SIGKILL) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Lines the process printed that start with `prefix` and came after `from` characters of output. */
  linesAfter(prefix: string, from: number): string[];
}

export interface StartOptions {
  config: string;
  /** Extra CLI arguments, e.g. `['--grace', '300']`. */
  args?: string[];
  /** Extra Node flags (before `--import tsx`), e.g. `--expose-gc`. */
  nodeArgs?: string[];
  /** Modules preloaded after tsx (`--import <file>`). */
  preload?: string[];
  /** Raise the soft open-files limit of the process to this (capped by the hard limit). */
  fdLimit?: number;
  /** Milliseconds to wait for `listening on`; default 30 s. */
  readyTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** The CLI script to run, relative to the repository (default `server/cli.ts`; a bench passes a bundle). */
  entry?: string;
}

const running = new Set<ServerProcess>();
let exitHookInstalled = false;

/**
 * Starts `server/cli.ts --config <file> --port 0 --host 127.0.0.1` and resolves once it prints
 * `listening on http://…` (the port the OS chose, so there is no free-port race). Every process is
 * remembered until it exits; {@link stopAll} ends the ones still running, and a test process that
 * exits without calling it SIGKILLs them on its way out.
 */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const node = [
    ...(options.nodeArgs ?? []),
    '--import',
    'tsx',
    ...(options.preload ?? []).flatMap((p) => ['--import', p]),
  ];
  const args = [
    ...node,
    options.entry ?? 'server/cli.ts',
    '--config',
    options.config,
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    ...(options.args ?? []),
  ];
  const env = { ...process.env, ...options.env };
  // `ulimit -n` needs a shell; `exec` keeps the pid the server's own.
  const child = options.fdLimit
    ? spawn(
        '/bin/sh',
        [
          '-c',
          `ulimit -n ${options.fdLimit} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"`,
          process.execPath,
          ...args,
        ],
        { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] },
      )
    : spawn(process.execPath, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const p of running) p.child.kill('SIGKILL');
    });
  }
  const proc: ServerProcess = {
    url: '',
    pid: child.pid!,
    child,
    output: () => log,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    linesAfter(prefix, from) {
      return log
        .slice(from)
        .split('\n')
        .filter((l) => l.startsWith(prefix));
    },
  };
  running.add(proc);
  void exited.then(() => running.delete(proc));
  try {
    proc.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server did not start within ${options.readyTimeoutMs ?? 30_000} ms:\n${log}`)),
        options.readyTimeoutMs ?? 30_000,
      );
      const check = () => {
        const match = /listening on (http:\/\/[^\s]+)/.exec(log);
        if (!match) return;
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(match[1]!);
      };
      child.stdout!.on('data', check);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`server exited (${child.exitCode ?? child.signalCode}) before listening:\n${log}`));
      });
    });
  } catch (error) {
    await proc.kill();
    throw error;
  }
  return proc;
}

/** Ends every server process still running: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopAll(graceMs = 2000): Promise<void> {
  await Promise.all(
    [...running].map(async (p) => {
      if (p.child.exitCode !== null || p.child.signalCode !== null) return;
      p.child.kill('SIGTERM');
      const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
      await p.exited;
      clearTimeout(timer);
    }),
  );
}

/** Resident and peak memory of a process from `/proc/<pid>/status`, in bytes. */
export function procMemory(pid: number, read: (path: string) => string): { rss: number; hwm: number } {
  const status = read(`/proc/${pid}/status`);
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** An MCP tool result with one text part, as the widget and Persona send it. */
export function mcpText(
  text: string,
  isError = false,
): { content: Array<{ type: 'text'; text: string }>; isError?: boolean } {
  return { content: [{ type: 'text', text }], ...(isError ? { isError } : {}) };
}

/** The client-token routes over HTTP with an `Origin` header. */
export class Client {
  constructor(
    readonly base: string,
    readonly token = TOKEN,
    readonly origin = ORIGIN,
  ) {}

  post(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.origin },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  }

  /** Opens a session; throws on anything but 200. */
  async init(): Promise<string> {
    const res = await this.post('/v1/client/init', { token: this.token });
    if (res.status !== 200) throw new Error(`init: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { sessionId: string }).sessionId;
  }

  chat(
    sessionId: string,
    text: string,
    options: { clientTools?: ClientTool[]; signal?: AbortSignal } = {},
  ): Promise<Response> {
    return this.post(
      '/v1/client/chat',
      { sessionId, messages: [{ role: 'user', content: text }], clientTools: options.clientTools ?? [GET_CART] },
      options.signal,
    );
  }

  resume(
    sessionId: string,
    executionId: string,
    toolOutputs: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<Response> {
    return this.post('/v1/client/resume', { sessionId, executionId, toolOutputs, streamResponse: true }, signal);
  }

  reconnect(sessionId: string, executionId: string, after: number, signal?: AbortSignal): Promise<Response> {
    return this.post('/v1/client/stream', { sessionId, executionId, after }, signal);
  }

  /** Starts a run that calls `get_cart` and reads its stream to the pause. */
  async pause(sessionId?: string): Promise<Paused> {
    const session = sessionId ?? (await this.init());
    const events = await readEvents(await this.chat(session, '/tool get_cart {}'));
    const awaited = events.filter((e) => e.type === 'await');
    if (awaited.length !== 1 || events.at(-1)?.type !== 'await')
      throw new Error(`expected one pause, got ${events.map((e) => e.type).join(', ')}`);
    return {
      sessionId: session,
      executionId: events[0]!.executionId,
      toolCallId: (awaited[0] as { toolCallId: string }).toolCallId,
      events,
    };
  }
}

export interface Paused {
  sessionId: string;
  executionId: string;
  toolCallId: string;
  events: StreamEvent[];
}

export { SseReader };

/** The events of a whole SSE body. */
export function parseSse(text: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  const parser = new SseParser((message) => events.push(JSON.parse(message.data) as StreamEvent));
  parser.feed(text);
  parser.end();
  return events;
}

/** Every event of a stream response (throws on a non-200). */
export async function readEvents(res: Response): Promise<StreamEvent[]> {
  return new SseReader(res).rest();
}

/** The concatenated text deltas of some events. */
export function replyOf(events: readonly StreamEvent[]): string {
  return events.map((e) => (e.type === 'text_delta' ? e.delta : '')).join('');
}

/** `q`-quantile (0–1) of some numbers, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
