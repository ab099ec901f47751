/**
 * The OpenAI-compatible adapter: Chat Completions streaming through `@ai-sdk/openai-compatible`'s
 * chat model. One base URL covers OpenAI (`https://api.openai.com/v1`), Ollama
 * (`http://localhost:11434/v1`), llama.cpp server and vLLM (`http://localhost:8080/v1`, …).
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createLanguageModelAdapter, type GenerationSettings } from '../ai-sdk/adapter.js';
import { DEFAULT_TIME_LIMITS, type TimeLimits } from '../ai-sdk/deadline.js';
import { streamFetch } from '../ai-sdk/stream-fetch.js';
import type { ModelAdapter } from '../types.js';
import { ChatCompletionsNormalizer } from './normalize.js';

/** Options for {@link createOpenAICompatibleModel}; secrets are already resolved. */
export interface OpenAICompatibleModelOptions {
  /** Base URL up to and including the version, e.g. `http://localhost:11434/v1`. */
  baseURL: string;
  /** The provider's model name, e.g. `gpt-4o-mini` or `qwen3:8b`. */
  model: string;
  /** Sent as `Authorization: Bearer …`; local servers usually need none. */
  apiKey?: string;
  headers?: Record<string, string>;
  /** Where HTTP requests go (default: the global `fetch`). */
  fetch?: typeof fetch;
  limits?: Partial<TimeLimits>;
  settings?: GenerationSettings;
}

function hostOf(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    return baseURL; // the config schema checked it is a URL; a label never fails
  }
}

/**
 * Creates the adapter for a Chat Completions server.
 *
 * @example
 * const model = createOpenAICompatibleModel({ baseURL: 'http://localhost:11434/v1', model: 'qwen3:8b' });
 */
export function createOpenAICompatibleModel(options: OpenAICompatibleModelOptions): ModelAdapter {
  const base: typeof fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);
  const provider = createOpenAICompatible({
    name: 'openai-compatible',
    baseURL: options.baseURL,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    fetch: streamFetch(base, (body) => new ChatCompletionsNormalizer(body)),
  });
  const host = hostOf(options.baseURL);
  return createLanguageModelAdapter({
    info: {
      id: `openai-compatible:${options.model}`,
      label: `${options.model} (OpenAI-compatible, ${host})`,
      offline: false,
    },
    label: `OpenAI-compatible model "${options.model}" at ${host}`,
    model: provider.chatModel(options.model),
    limits: { ...DEFAULT_TIME_LIMITS, ...options.limits },
    ...(options.settings ? { settings: options.settings } : {}),
  });
}
