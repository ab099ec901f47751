/**
 * Helpers for the server's in-process tests: a config factory, request helpers for the client
 * routes and an SSE reader that checks every frame against the wire schema. Not a test file.
 */
import { expect } from 'vitest';
import type { Hono } from 'hono';
import { streamEventSchema } from '../bridge/protocol/schemas.js';
import type { ClientTool, StreamEvent, StreamEventOf, StreamEventType } from '../bridge/protocol/index.js';
import { createApp, type App, type AppOptions } from './app.js';
import { parseConfig } from './config/load.js';
import type { Config } from './config/schema.js';
import { MemoryStore } from './store/index.js';

export const ORIGIN = 'http://localhost:5173';
export const TOKEN = 'ct_test_demo';

/** A config object (before parsing) with one offline agent and one surface; `patch` edits it. */
export function rawConfig(patch: (config: Record<string, any>) => void = () => {}): Record<string, any> {
  const config: Record<string, any> = {
    store: { kind: 'memory' },
    agents: { shop: { model: 'offline', maxSteps: 8 } },
    surfaces: {
      storefront: {
        agent: 'shop',
        welcomeMessage: 'Hi from the test shop.',
        clientTokens: [{ token: TOKEN, allowedOrigins: [ORIGIN] }],
        behavior: { webmcp: { enabled: true, allowlist: [{ origin: '*', tools: ['*'] }] } },
      },
    },
  };
  patch(config);
  return config;
}

export function testConfig(patch?: (config: Record<string, any>) => void): Config {
  return parseConfig(rawConfig(patch));
}

/** A fresh app over a fresh memory store (or the given one: two apps on one store are two instances). */
export function makeApp(options: Partial<AppOptions> & { patch?: (config: Record<string, any>) => void } = {}): {
  app: App;
  store: MemoryStore;
  config: Config;
} {
  const { patch, ...rest } = options;
  const config = rest.config ?? testConfig(patch);
  const store = rest.store instanceof MemoryStore ? rest.store : new MemoryStore();
  const app = createApp({ ...rest, config, store });
  return { app, store, config };
}

interface Opts {
  origin?: string | null;
}

function headers(origin: string | null | undefined): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/json' };
  if (origin !== null) h.origin = origin ?? ORIGIN;
  return h;
}

/** POSTs JSON (or a raw string) to `path` with an `Origin` (default {@link ORIGIN}; `null` for none). */
export function post(app: Hono, path: string, body: unknown, opts: Opts = {}): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method: 'POST',
      headers: headers(opts.origin),
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

/** Calls `/v1/client/init` and returns the session id (asserting a 200). */
export async function init(app: Hono, opts: Opts & { token?: string; sessionId?: string } = {}): Promise<string> {
  const res = await post(
    app,
    '/v1/client/init',
    { token: opts.token ?? TOKEN, ...(opts.sessionId ? { sessionId: opts.sessionId } : {}) },
    opts,
  );
  expect(res.status).toBe(200);
  const body = (await res.json()) as { sessionId: string };
  return body.sessionId;
}

export interface ChatBody {
  sessionId: string;
  messages: Array<{ role: 'user' | 'assistant' | 'system'; content: string; id?: string }>;
  clientTools?: unknown[];
  clientToolsFingerprint?: string;
  [key: string]: unknown;
}

export function chat(app: Hono, body: ChatBody, opts: Opts = {}): Promise<Response> {
  return post(app, '/v1/client/chat', body, opts);
}

/** A chat with one user message. */
export function say(
  app: Hono,
  sessionId: string,
  text: string,
  extra: Partial<ChatBody> = {},
  opts: Opts = {},
): Promise<Response> {
  return chat(app, { sessionId, messages: [{ role: 'user', content: text }], ...extra }, opts);
}

export interface ResumeBody {
  sessionId: string;
  executionId: string;
  toolOutputs: Record<string, unknown>;
  /** Each page call's own milliseconds, by call id. */
  toolDurations?: Record<string, number>;
  streamResponse?: boolean;
  clientTools?: unknown[];
  clientToolsFingerprint?: string;
}

export function resume(app: Hono, body: ResumeBody, opts: Opts = {}): Promise<Response> {
  return post(app, '/v1/client/resume', { streamResponse: true, ...body }, opts);
}

export interface StreamBody {
  sessionId: string;
  executionId: string;
  after?: number;
}

/** Reconnects to an execution's stream (`/v1/client/stream`). */
export function reconnect(app: Hono, body: StreamBody, opts: Opts = {}): Promise<Response> {
  return post(app, '/v1/client/stream', body, opts);
}

export interface Frame {
  event: string;
  id: string;
  data: StreamEvent;
}

/**
 * Reads a whole SSE response into frames. Every data frame must validate against
 * `streamEventSchema`, `event` must equal `data.type`, `id` must equal `data.seq`, seqs must rise
 * by exactly 1 and all frames must share one executionId.
 */
export async function readFrames(res: Response): Promise<Frame[]> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const text = await res.text();
  const frames: Frame[] = [];
  for (const block of text.split('\n\n')) {
    if (block.trim() === '') continue;
    let event = '';
    let id = '';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // comment (ping)
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
      else throw new Error(`unexpected SSE field "${field}" in ${JSON.stringify(block)}`);
    }
    if (data.length === 0) continue;
    const parsed = streamEventSchema.safeParse(JSON.parse(data.join('\n')));
    if (!parsed.success) throw new Error(`invalid stream frame ${data.join('\n')}: ${parsed.error.message}`);
    expect(event).toBe(parsed.data.type);
    expect(id).toBe(String(parsed.data.seq));
    frames.push({ event, id, data: parsed.data });
  }
  expect(frames.length).toBeGreaterThan(0);
  const executionId = frames[0]!.data.executionId;
  expect(executionId).toMatch(/^exec_/);
  for (let i = 0; i < frames.length; i++) {
    expect(frames[i]!.data.executionId).toBe(executionId);
    // Rising; a replay from the store sends each stored run of text deltas as one frame, so it may skip seqs.
    if (i > 0) expect(frames[i]!.data.seq).toBeGreaterThan(frames[i - 1]!.data.seq);
  }
  return frames;
}

/** The event types in order. */
export function types(frames: readonly Frame[]): StreamEventType[] {
  return frames.map((f) => f.data.type);
}

export function ofType<T extends StreamEventType>(frames: readonly Frame[], type: T): Array<StreamEventOf<T>> {
  return frames.map((f) => f.data).filter((d): d is StreamEventOf<T> => d.type === type);
}

/** The concatenated text deltas of a stream. */
export function replyText(frames: readonly Frame[]): string {
  return ofType(frames, 'text_delta')
    .map((d) => d.delta)
    .join('');
}

/** Asserts an error response and returns its body. */
export async function expectError(
  res: Response | Promise<Response>,
  status: number,
  code: string,
): Promise<{ error: string; hint?: string }> {
  const r = await res;
  const body = (await r.json()) as { error: string; hint?: string };
  expect({ status: r.status, error: body.error }).toEqual({ status, error: code });
  return body;
}

/** A client tool as the bridge sends it. */
export function tool(name: string, overrides: Partial<ClientTool> = {}): ClientTool {
  return {
    name,
    description: `The ${name} tool.`,
    parametersSchema: { type: 'object', properties: {} },
    origin: 'webmcp',
    ...overrides,
  };
}

export const SEARCH_PRODUCTS: ClientTool = tool('search_products', {
  description: 'Search the catalog by keyword.',
  parametersSchema: {
    type: 'object',
    properties: { query: { type: 'string', description: 'Words to look for' } },
    required: ['query'],
  },
});

export const GET_CART: ClientTool = tool('get_cart', { description: 'Show what is in the cart and the total.' });
