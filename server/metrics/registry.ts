/**
 * The server's Prometheus metrics, each app with a registry of its own (several apps can share a
 * process, as the tests do). Names are `webmcp_chat_*`; latencies are in seconds.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Buckets from 5 ms to 30 s: a resume's first byte, a model step and a tool call all fit. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The metrics one app records. */
export interface Metrics {
  registry: Registry;
  /** Runs started. */
  runsStarted: Counter<'agent'>;
  /** Runs ended, by `outcome` (`completed`, `failed`) and `reason` (stop reason or error code). */
  runsEnded: Counter<'outcome' | 'reason'>;
  /** Pauses for page or SDK calls. */
  runsPaused: Counter;
  /** Paused runs continued by a resume. */
  runsResumed: Counter;
  /** Tool calls finished, by `origin` (`page`, `sdk`, `server`), `kind` and `outcome` (`ok`, `error`). */
  toolCalls: Counter<'origin' | 'kind' | 'outcome'>;
  /** A tool call's own time, by `origin`. */
  toolSeconds: Histogram<'origin'>;
  /** A model step: request to the end of its stream. */
  modelStepSeconds: Histogram;
  /** A resume request to the first byte of its continuation stream. */
  resumeFirstByteSeconds: Histogram<'route'>;
  /** SSE streams open right now. */
  openStreams: Gauge;
  /** Requests refused with 429, by route. */
  rateLimited: Counter<'route'>;
  /** HTTP requests answered, by method, route pattern and status class. */
  requests: Counter<'method' | 'route' | 'status'>;
}

/** A fresh registry with every server metric and Node's process metrics. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'webmcp_chat_' });
  const registers = [registry];
  return {
    registry,
    runsStarted: new Counter({
      name: 'webmcp_chat_runs_started_total',
      help: 'Runs started',
      labelNames: ['agent'],
      registers,
    }),
    runsEnded: new Counter({
      name: 'webmcp_chat_runs_ended_total',
      help: 'Runs ended, by outcome and stop reason or error code',
      labelNames: ['outcome', 'reason'],
      registers,
    }),
    runsPaused: new Counter({ name: 'webmcp_chat_runs_paused_total', help: 'Pauses for page tool calls', registers }),
    runsResumed: new Counter({ name: 'webmcp_chat_runs_resumed_total', help: 'Paused runs resumed', registers }),
    toolCalls: new Counter({
      name: 'webmcp_chat_tool_calls_total',
      help: 'Tool calls finished, by where they ran, executor kind and outcome',
      labelNames: ['origin', 'kind', 'outcome'],
      registers,
    }),
    toolSeconds: new Histogram({
      name: 'webmcp_chat_tool_duration_seconds',
      help: "A tool call's own time",
      labelNames: ['origin'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    modelStepSeconds: new Histogram({
      name: 'webmcp_chat_model_step_duration_seconds',
      help: 'A model step, from the request to the end of its stream',
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    resumeFirstByteSeconds: new Histogram({
      name: 'webmcp_chat_resume_first_byte_seconds',
      help: 'A resume request to the first byte of its continuation stream',
      labelNames: ['route'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    openStreams: new Gauge({ name: 'webmcp_chat_open_streams', help: 'SSE streams open now', registers }),
    rateLimited: new Counter({
      name: 'webmcp_chat_rate_limited_total',
      help: 'Requests refused by a rate limit (429)',
      labelNames: ['route'],
      registers,
    }),
    requests: new Counter({
      name: 'webmcp_chat_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status class',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
  };
}
