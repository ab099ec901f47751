import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { init, makeApp, say } from '../test-helpers.js';
import { admin, withAdmin } from '../test-support/admin.js';
import { runPageAndServerCall, withTaxTool } from '../test-support/telemetry.js';
import { serveMetrics } from './index.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text exposition format (samples only; `#` lines skipped). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of match[2]?.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g) ?? []) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample named `name` whose labels include `labels` (0 when none). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value ?? 0;
}

async function scrape(app: Parameters<typeof admin>[0]): Promise<Sample[]> {
  const res = await admin(app, 'GET', '/v1/admin/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await res.text());
}

let metricsServer: Server | undefined;
afterEach(() => metricsServer?.close());

describe('the metrics endpoint', () => {
  it('counts runs by outcome and tool calls by origin, and times resumes, model steps and tools', async () => {
    const { app } = makeApp({ ...withAdmin(withTaxTool), expirySweepMs: 0 });
    const other = makeApp(withAdmin()).app;
    await runPageAndServerCall(app);
    const samples = await scrape(app);

    expect(value(samples, 'webmcp_chat_runs_started_total', { agent: 'shop' })).toBe(2);
    expect(value(samples, 'webmcp_chat_runs_ended_total', { outcome: 'completed', reason: 'end_turn' })).toBe(2);
    expect(value(samples, 'webmcp_chat_runs_paused_total')).toBe(1);
    expect(value(samples, 'webmcp_chat_runs_resumed_total')).toBe(1);
    const calls = { name: 'webmcp_chat_tool_calls_total' };
    expect(value(samples, calls.name, { origin: 'page', kind: 'webmcp', outcome: 'ok' })).toBe(1);
    expect(value(samples, calls.name, { origin: 'server', kind: 'code', outcome: 'ok' })).toBe(1);
    expect(value(samples, 'webmcp_chat_tool_duration_seconds_count', { origin: 'page' })).toBe(1);
    expect(value(samples, 'webmcp_chat_tool_duration_seconds_count', { origin: 'server' })).toBe(1);
    expect(value(samples, 'webmcp_chat_resume_first_byte_seconds_count', { route: '/v1/client/resume' })).toBe(1);
    const firstByte = value(samples, 'webmcp_chat_resume_first_byte_seconds_sum', { route: '/v1/client/resume' });
    expect(firstByte).toBeGreaterThan(0);
    // Plain run: one step; tool run: the step that called, the step after the results.
    expect(value(samples, 'webmcp_chat_model_step_duration_seconds_count')).toBe(3);
    // Every stream was read to its end: none is open.
    expect(value(samples, 'webmcp_chat_open_streams')).toBe(0);
    expect(
      value(samples, 'webmcp_chat_http_requests_total', { method: 'POST', route: '/v1/client/chat', status: '2xx' }),
    ).toBe(2);
    expect(samples.some((s) => s.name === 'webmcp_chat_process_cpu_user_seconds_total')).toBe(true);

    // Another app in the same process has a registry of its own.
    const untouched = await scrape(other);
    expect(value(untouched, 'webmcp_chat_runs_started_total', { agent: 'shop' })).toBe(0);
  });

  it('counts an open stream until it ends, and rate-limit refusals by route', async () => {
    const { app } = makeApp({
      ...withAdmin((c) => (c.limits = { perSession: { requests: 1, windowSeconds: 60 } })),
      expirySweepMs: 0,
    });
    const sessionId = await init(app);
    const open = await say(app, sessionId, '/slow 200');
    expect(value(await scrape(app), 'webmcp_chat_open_streams')).toBe(1);
    await open.text();
    expect(value(await scrape(app), 'webmcp_chat_open_streams')).toBe(0);
    expect((await say(app, sessionId, 'again')).status).toBe(429);
    expect(value(await scrape(app), 'webmcp_chat_rate_limited_total', { route: '/v1/client/chat' })).toBe(1);
  });

  it('is behind the admin key, and on a port of its own when asked', async () => {
    const { app } = makeApp(withAdmin());
    expect((await admin(app, 'GET', '/v1/admin/metrics', undefined, null)).status).toBe(401);
    expect((await admin(app, 'GET', '/v1/admin/metrics', undefined, 'wrong-key-0123456789')).status).toBe(401);
    expect((await makeApp().app.request('/v1/admin/metrics')).status).toBe(404);

    metricsServer = await serveMetrics(app.metrics, 0, '127.0.0.1');
    const { port } = metricsServer.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(parseExposition(await res.text()).some((s) => s.name === 'webmcp_chat_open_streams')).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/v1/admin/health`)).status).toBe(404);
  });
});
