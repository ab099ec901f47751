/**
 * Test fixture for the real adapters: a fake provider per test file, both adapters pointed at it,
 * a small tool set, and a collector that keeps the events and the error a stream ended with.
 * Not a test file.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { TimeLimits } from './ai-sdk/index.js';
import { createAnthropicModel } from './anthropic/index.js';
import { startFakeProvider, type FakeFormat, type FakeProvider } from './fakes/index.js';
import { createOpenAICompatibleModel } from './openai-compatible/index.js';
import type { ModelAdapter, ModelEvent, ModelMessage, ModelRequest, ModelTool } from './types.js';

/** The tools every adapter test offers, under their provider-safe names. */
export const TOOLS: ModelTool[] = [
  {
    name: 'webmcp__search_products',
    canonicalName: 'webmcp:search_products',
    bareName: 'search_products',
    description: 'Search the catalog by keyword.',
    parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
  },
  {
    name: 'webmcp__get_cart',
    canonicalName: 'webmcp:get_cart',
    bareName: 'get_cart',
    description: 'Show the cart.',
    parameters: { type: 'object', properties: {} },
  },
];

/** A request with one user message (or the given history). */
export function request(messages: string | ModelMessage[] = 'hi', extra: Partial<ModelRequest> = {}): ModelRequest {
  return {
    messages: typeof messages === 'string' ? [{ role: 'user', content: messages }] : messages,
    tools: TOOLS,
    signal: new AbortController().signal,
    ...extra,
  };
}

/** What one stream produced: its events and, when it failed, the error. */
export interface Outcome {
  events: ModelEvent[];
  error?: Error;
}

/** Reads a whole stream; a failure is returned with the events that came before it, not thrown. */
export async function collect(model: ModelAdapter, req: ModelRequest = request()): Promise<Outcome> {
  const events: ModelEvent[] = [];
  try {
    for await (const event of model.stream(req)) events.push(event);
    return { events };
  } catch (error) {
    return { events, error: error as Error };
  }
}

/** The text deltas joined. */
export const textOf = (events: readonly ModelEvent[]): string =>
  events.map((e) => (e.type === 'text-delta' ? e.delta : '')).join('');

/** The complete tool calls. */
export const callsOf = (events: readonly ModelEvent[]): Array<Extract<ModelEvent, { type: 'tool-call' }>> =>
  events.filter((e): e is Extract<ModelEvent, { type: 'tool-call' }> => e.type === 'tool-call');

/** One adapter under test: its wire format and a factory against a base URL. */
export interface AdapterCase {
  name: 'openai-compatible' | 'anthropic';
  format: FakeFormat;
  create(baseURL: string, limits?: Partial<TimeLimits>): ModelAdapter;
}

/** The OpenAI-compatible adapter, model `fake-gpt`. */
export const OPENAI: AdapterCase = {
  name: 'openai-compatible',
  format: 'chat-completions',
  create: (baseURL, limits) =>
    createOpenAICompatibleModel({ baseURL, model: 'fake-gpt', ...(limits ? { limits } : {}) }),
};

/** The Anthropic adapter, model `claude-sonnet-4-5`. */
export const ANTHROPIC: AdapterCase = {
  name: 'anthropic',
  format: 'anthropic-messages',
  create: (baseURL, limits) =>
    createAnthropicModel({ baseURL, model: 'claude-sonnet-4-5', apiKey: 'sk-ant-test', ...(limits ? { limits } : {}) }),
};

/** Starts one fake provider for the calling test file, resets it before each test, closes it after. */
export function useFakeProvider(): () => FakeProvider {
  let fake: FakeProvider | undefined;
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  beforeEach(() => fake?.reset());
  afterAll(async () => {
    await fake?.close();
  });
  return () => fake!;
}
