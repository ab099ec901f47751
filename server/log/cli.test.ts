/**
 * The server process's log and metrics port, end to end: `server/cli.ts` started as a process with
 * `--metrics-port 0`, a chat, a scrape of `GET /metrics`, then a SIGTERM that ends a working run.
 * Every line it writes is JSON; the lines name the start, the requests, the run and the shutdown.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Client, SseReader, faultConfig, startServer, stopAll, tempDir, writeConfig } from '../faults/harness.js';

const dir = tempDir('webmcp-log-');
afterAll(async () => {
  await stopAll();
  dir.remove();
});

describe('the server process', () => {
  it('writes JSON lines from start to shutdown and serves /metrics on its own port', async () => {
    const config = writeConfig(dir.file('config.json'), faultConfig({ kind: 'memory' }));
    const server = await startServer({
      config,
      args: ['--metrics-port', '0', '--grace', '100'],
      env: { LOG_LEVEL: 'info', METRICS_PORT: '' },
    });
    const lines = () =>
      server
        .output()
        .split('\n')
        .filter((line) => line.trim() && !line.includes('Warning'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const events = (name: string) => lines().filter((l) => l.event === name);

    expect(events('server.listening')).toEqual([expect.objectContaining({ level: 'info', store: 'memory' })]);
    const [metricsLine] = events('metrics.listening');
    const scrape = await fetch(`http://127.0.0.1:${metricsLine!.port as number}/metrics`);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toMatch(/^webmcp_chat_open_streams 0$/m);

    const client = new Client(server.url);
    const sessionId = await client.init();
    const reader = new SseReader(await client.chat(sessionId, '/slow 20000 never said'));
    expect((await reader.next())?.type).toBe('execution_start');
    await server.kill('SIGTERM');

    expect(events('http.request').map((l) => [l.method, l.route, l.status])).toEqual([
      ['POST', '/v1/client/init', 200],
      ['POST', '/v1/client/chat', 200],
    ]);
    expect(events('run.started')).toHaveLength(1);
    expect(events('server.signal')).toEqual([expect.objectContaining({ signal: 'SIGTERM' })]);
    expect(events('run.ended')).toEqual([
      expect.objectContaining({ outcome: 'failed', code: 'server_shutdown', level: 'warn' }),
    ]);
    for (const name of ['server.shutdown', 'server.stopped', 'server.exit']) expect(events(name)).toHaveLength(1);
    expect(server.output()).not.toContain('never said');
  });
});
