/**
 * A throwaway PostgreSQL server for tests, run from the binaries of Debian's `postgresql` package
 * (`.ci/run` installs it): a fresh cluster in a temp folder, listening on a free loopback port,
 * with durability off for speed. Not a test file.
 */
import { execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const ROOT = '/usr/lib/postgresql';

/** Why PostgreSQL tests cannot run here, and how to fix it. */
export const MISSING_POSTGRES = `PostgreSQL binaries not found: no ${ROOT}/<version>/bin/{initdb,postgres}. Install Debian's postgresql package (apt-get install postgresql; .ci/run does it).`;

export interface PostgresServer {
  /** URL of an empty database created for the caller. */
  url: string;
  /** Creates another empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Shuts the server down and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Whether the PostgreSQL tests of a file run: when the binaries are installed, and always in CI,
 * where a missing PostgreSQL must fail them rather than skip them (`startPostgres` throws
 * {@link MISSING_POSTGRES}). Locally without PostgreSQL it warns that `what` is skipped.
 *
 * @example
 * describe.skipIf(!postgresTestsRun('the PostgreSQL store tests'))('PostgreSQL store', () => { … });
 */
export function postgresTestsRun(what: string): boolean {
  const inCI = !!process.env.CI && !['0', 'false'].includes(process.env.CI.toLowerCase());
  if (inCI || findPostgres() !== undefined) return true;
  console.warn(`Skipping ${what}. ${MISSING_POSTGRES}`);
  return false;
}

/** The newest installed version's `initdb` and `postgres`, or `undefined` when none is installed. */
export function findPostgres(): { initdb: string; postgres: string } | undefined {
  const versions = existsSync(ROOT) ? readdirSync(ROOT).filter((v) => existsSync(join(ROOT, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined
    ? undefined
    : { initdb: join(ROOT, newest, 'bin', 'initdb'), postgres: join(ROOT, newest, 'bin', 'postgres') };
}

/**
 * Starts a server and creates a database. PostgreSQL refuses to run as root, so under root its
 * processes run as the `postgres` OS user (the package creates it), which owns the temp folder.
 *
 * @example
 * const server = await startPostgres();
 * const store = await PostgresStore.open({ url: server.url });
 * await store.close();
 * await server.stop();
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bins = findPostgres();
  if (!bins) throw new Error(MISSING_POSTGRES);
  const dir = mkdtempSync(join(tmpdir(), 'webmcp-pg-'));
  const user = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (user) chownSync(dir, user.uid, user.gid);
  const options: SpawnOptions = { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], ...user };
  const data = join(dir, 'data');
  try {
    await run(
      bins.initdb,
      ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C'],
      options,
    );
    const port = await freePort();
    const settings = {
      listen_addresses: '127.0.0.1',
      port,
      unix_socket_directories: dir,
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
    };
    const server = spawn(
      bins.postgres,
      ['-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
      options,
    );
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    // A crashed test process must not leave the server running.
    const kill = () => server.kill('SIGQUIT');
    process.once('exit', kill);
    const stop = async () => {
      process.off('exit', kill);
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGINT'); // fast shutdown: disconnects clients, no waiting on them
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      await ready(server, exited);
      const base = `postgres://postgres@127.0.0.1:${port}`;
      let n = 0;
      const createDatabase = async () => {
        const name = `test_${++n}`;
        const admin = new pg.Client({ connectionString: `${base}/postgres` });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE ${name}`);
        } finally {
          await admin.end();
        }
        return `${base}/${name}`;
      };
      return { url: await createDatabase(), createDatabase, stop };
    } catch (error) {
      await stop();
      throw error;
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      'Running as root, but there is no "postgres" OS user to run PostgreSQL as (Debian\'s postgresql package creates it).',
    );
  }
}

/** Runs a command to completion; rejects with its output when it fails. */
function run(command: string, args: string[], options: SpawnOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}:\n${output}`)),
    );
  });
}

/** Resolves when the server logs that it accepts connections; rejects if it exits first. */
function ready(server: ReturnType<typeof spawn>, exited: Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`postgres did not start within 30 s:\n${log}`)), 30_000);
    let started = false;
    const onData = (chunk: Buffer) => {
      // The pipes stay drained after start-up (a full pipe would block the server); the log is kept only until then.
      if (started) return;
      log += chunk;
      if (!log.includes('database system is ready to accept connections')) return;
      started = true;
      clearTimeout(timer);
      resolve();
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    server.once('error', reject);
    void exited.then(() => reject(new Error(`postgres exited before accepting connections:\n${log}`)));
  });
}

/** A loopback port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
