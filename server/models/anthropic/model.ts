/**
 * The Anthropic adapter: Messages streaming through `@ai-sdk/anthropic`'s messages model.
 * The base URL defaults to `https://api.anthropic.com/v1` explicitly, so an `ANTHROPIC_BASE_URL`
 * in the server's environment never redirects requests behind the config's back.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createLanguageModelAdapter, type GenerationSettings } from '../ai-sdk/adapter.js';
import { DEFAULT_TIME_LIMITS, type TimeLimits } from '../ai-sdk/deadline.js';
import { historyToolStubs } from '../ai-sdk/prompt.js';
import { streamFetch } from '../ai-sdk/stream-fetch.js';
import type { ModelAdapter } from '../types.js';
import { MessagesNormalizer } from './normalize.js';

/** Anthropic's API, used when the config names no `baseURL`. */
export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com/v1';

/** Options for {@link createAnthropicModel}; secrets are already resolved. */
export interface AnthropicModelOptions {
  /** e.g. `claude-sonnet-4-5`. */
  model: string;
  /** Sent as `x-api-key`. */
  apiKey: string;
  /** Default {@link ANTHROPIC_BASE_URL}. */
  baseURL?: string;
  headers?: Record<string, string>;
  /** Where HTTP requests go (default: the global `fetch`). */
  fetch?: typeof fetch;
  limits?: Partial<TimeLimits>;
  settings?: GenerationSettings;
}

/**
 * Creates the adapter for Anthropic's Messages API.
 *
 * @example
 * const model = createAnthropicModel({ model: 'claude-sonnet-4-5', apiKey: process.env.ANTHROPIC_API_KEY! });
 */
export function createAnthropicModel(options: AnthropicModelOptions): ModelAdapter {
  const base: typeof fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);
  const baseURL = options.baseURL ?? ANTHROPIC_BASE_URL;
  const provider = createAnthropic({
    baseURL,
    apiKey: options.apiKey,
    ...(options.headers ? { headers: options.headers } : {}),
    fetch: streamFetch(base, (body) => new MessagesNormalizer(body)),
  });
  const host = baseURL === ANTHROPIC_BASE_URL ? undefined : new URL(baseURL).host;
  return createLanguageModelAdapter({
    info: {
      id: `anthropic:${options.model}`,
      label: `${options.model} (Anthropic${host ? `, ${host}` : ''})`,
      offline: false,
    },
    label: `Anthropic model "${options.model}"${host ? ` at ${host}` : ''}`,
    model: provider.messages(options.model),
    limits: { ...DEFAULT_TIME_LIMITS, ...options.limits },
    ...(options.settings ? { settings: options.settings } : {}),
    // Anthropic refuses tool_use blocks in a request without tools (the engine's last step).
    toolsWhenNone: (request) => historyToolStubs(request.messages),
  });
}
