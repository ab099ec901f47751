/**
 * WAL checkpoints off the event loop. In WAL mode every commit appends pages to the `-wal` file, and
 * by default the commit that takes it past 1,000 pages also copies them back into the database and
 * syncs both files — a few milliseconds during which the server's only thread serves nobody, every
 * few dozen chat turns. With the checkpointer, a worker thread holding its own connection does that
 * copy (`wal_checkpoint(PASSIVE)`, which never blocks readers or writers) on a short timer while the
 * WAL grows, and backs off while it is idle; the server's connection keeps SQLite's automatic
 * checkpoint only as a backstop at {@link BACKSTOP_PAGES}, and returns to the default if the worker
 * ever stops.
 *
 * The worker runs a few lines of plain JavaScript given as source (`eval: true`), so it starts the
 * same from TypeScript sources in development and from the compiled server.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The automatic checkpoint of the server's own connection while the worker runs, in pages. */
export const BACKSTOP_PAGES = 10_000;
/** SQLite's default automatic checkpoint, restored when the worker stops. */
export const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
/** Checkpoint delays: right after one that copied pages, and at most while nothing is written. */
export const CHECKPOINT_DELAY_MS = { busy: 50, idle: 1000 } as const;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
// Never wait for a lock: a checkpoint that finds the file busy tries again on the next turn.
db.pragma('busy_timeout = 0');
db.pragma('synchronous = NORMAL');
db.pragma('wal_autocheckpoint = 0');
let delay = workerData.idleMs;
let last = -1;
let timer;
const tick = () => {
  let frames = 0;
  try {
    frames = db.pragma('wal_checkpoint(PASSIVE)')[0].log;
  } catch {}
  // Soon again while the WAL grows; backing off to idleMs while nothing is written.
  delay = frames > 0 && frames !== last ? workerData.busyMs : Math.min(delay * 2, workerData.idleMs);
  last = frames;
  parentPort.postMessage(frames);
  timer = setTimeout(tick, delay);
};
timer = setTimeout(tick, workerData.busyMs);
parentPort.on('message', () => {
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

/** A running checkpointer. */
export interface Checkpointer {
  /** Checkpoints run so far (each reports the WAL's size in pages); for tests. */
  readonly runs: number;
  /** Resolves after the next checkpoint the worker reports. */
  next(): Promise<number>;
  /** Stops the worker and closes its connection; resolves when it has exited. */
  close(): Promise<void>;
}

/**
 * Starts a checkpointer for the WAL database at `path`. `onStop` runs once if the worker stops for
 * any reason other than {@link Checkpointer.close} (it failed to open, crashed): the caller then
 * restores inline checkpoints.
 */
export function startCheckpointer(path: string, onStop: (error?: unknown) => void): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      busyMs: CHECKPOINT_DELAY_MS.busy,
      idleMs: CHECKPOINT_DELAY_MS.idle,
    },
  });
  // Never keeps the process alive: a store that is not closed does not hold up an exit.
  worker.unref();
  let runs = 0;
  let state: 'running' | 'closing' | 'stopped' = 'running';
  const stopped = (error?: unknown) => {
    if (state !== 'running') return;
    state = 'stopped';
    onStop(error);
  };
  const waiting = new Set<(frames: number) => void>();
  worker.on('message', (frames: number) => {
    runs++;
    for (const resolve of waiting) resolve(frames);
    waiting.clear();
  });
  worker.on('error', stopped);
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      stopped();
      resolve();
    }),
  );
  return {
    get runs() {
      return runs;
    },
    next: () => new Promise<number>((resolve) => waiting.add(resolve)),
    close() {
      if (state === 'running') {
        state = 'closing';
        worker.postMessage('close');
      }
      return exited;
    },
  };
}
