/**
 * The bare-server anchor of `bench/resume-baseline.ts`: plain `node:http` and better-sqlite3 doing
 * the least a resume needs — read and `JSON.parse` the body, one SQLite write (the server's pragmas:
 * WAL, `synchronous = NORMAL`, a busy timeout, a 64 MB page cache, temporary files in memory) and one SSE response with the
 * same frames the real server sends for that continuation, written at once. `POST /idle` holds an SSE stream open with a
 * ping timer, like an idle chat stream. Prints `listening on http://…` like `server/cli.ts`.
 *
 *   node --import tsx bench/support/resume-baseline-server.ts <database file> <frames template file>
 *
 * The template is a captured continuation body whose execution id is written `{{exec}}`.
 * Not a product server: no auth, no limits, loopback only.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Database from 'better-sqlite3';

const [dbPath, templatePath] = process.argv.slice(2);
if (!dbPath || !templatePath) throw new Error('usage: resume-baseline-server.ts <database> <template>');
const template = readFileSync(templatePath, 'utf8').split('{{exec}}');

const db = new Database(dbPath);
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('cache_size = -65536');
db.pragma('temp_store = MEMORY');
db.exec(`CREATE TABLE IF NOT EXISTS resumes (
  execution_id TEXT PRIMARY KEY, session_id TEXT NOT NULL, outputs TEXT NOT NULL, at TEXT NOT NULL
) STRICT`);
const insert = db.prepare<[string, string, string, string]>(
  'INSERT OR REPLACE INTO resumes (execution_id, session_id, outputs, at) VALUES (?, ?, ?, ?)',
);

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      } catch (error) {
        reject(error as Error);
      }
    });
    req.on('error', reject);
  });
}

async function resume(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJson(req);
  const executionId = body.executionId;
  const sessionId = body.sessionId;
  if (typeof executionId !== 'string' || typeof sessionId !== 'string' || typeof body.toolOutputs !== 'object') {
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_request"}');
    return;
  }
  insert.run(executionId, sessionId, JSON.stringify(body.toolOutputs), new Date().toISOString());
  res.writeHead(200, SSE_HEADERS);
  res.end(template.join(executionId));
}

function idle(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  res.writeHead(200, SSE_HEADERS);
  res.write(`event: execution_start\nid: 1\ndata: {"type":"execution_start","seq":1}\n\n`);
  res.write(`event: turn_start\nid: 2\ndata: {"type":"turn_start","seq":2}\n\n`);
  const timer = setInterval(() => res.write(': ping\n\n'), 15_000);
  res.on('close', () => clearInterval(timer));
}

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/v1/client/resume') {
    resume(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(400).end();
    });
  } else if (req.method === 'POST' && req.url === '/idle') {
    idle(req, res);
  } else {
    res.writeHead(404).end();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`listening on http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  db.close();
  process.exit(0);
});
