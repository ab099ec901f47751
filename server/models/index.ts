import type { ModelConfig } from '../config/schema.js';
import { createAnthropicModel } from './anthropic/index.js';
import { createOfflineModel } from './offline/index.js';
import { createOpenAICompatibleModel } from './openai-compatible/index.js';
import { resolveProvider, type ModelSetup } from './setup.js';
import type { ModelAdapter } from './types.js';

export type {
  ModelAdapter,
  ModelEvent,
  ModelInfo,
  ModelMessage,
  ModelRequest,
  ModelTool,
  ModelToolCall,
} from './types.js';
export type { ModelSetup } from './setup.js';
export { createAnthropicModel } from './anthropic/index.js';
export { createOpenAICompatibleModel } from './openai-compatible/index.js';
export { ProviderError } from './ai-sdk/index.js';

/**
 * Builds the adapter an agent's `model` setting names. Real providers read their `{env}` secrets
 * here, so a missing key fails at start-up (a `ConfigError`), not at the first chat.
 *
 * @example
 * const model = createModel({ provider: 'openai-compatible', baseURL: 'http://localhost:11434/v1', model: 'qwen3:8b' });
 */
export function createModel(config: ModelConfig, setup: ModelSetup = {}): ModelAdapter {
  if (config === 'offline') return createOfflineModel();
  switch (config.provider) {
    case 'offline':
      return createOfflineModel(config.wordDelayMs !== undefined ? { wordDelayMs: config.wordDelayMs } : {});
    case 'openai-compatible': {
      const resolved = resolveProvider(config, setup);
      return createOpenAICompatibleModel({ baseURL: config.baseURL, model: config.model, ...resolved });
    }
    case 'anthropic': {
      const { apiKey, ...resolved } = resolveProvider(config, setup);
      // resolveProvider has thrown already when Anthropic has no key
      return createAnthropicModel({
        model: config.model,
        apiKey: apiKey!,
        ...(config.baseURL ? { baseURL: config.baseURL } : {}),
        ...resolved,
      });
    }
  }
}
