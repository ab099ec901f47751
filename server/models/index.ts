import type { ModelConfig } from '../config/schema.js';
import { createOfflineModel } from './offline/index.js';
import type { ModelAdapter } from './types.js';

export type { ModelAdapter, ModelEvent, ModelInfo, ModelMessage, ModelRequest, ModelTool, ModelToolCall } from './types.js';

/** Builds the adapter an agent's `model` setting names. */
export function createModel(config: ModelConfig): ModelAdapter {
  if (config === 'offline') return createOfflineModel();
  switch (config.provider) {
    case 'offline':
      return createOfflineModel(config.wordDelayMs !== undefined ? { wordDelayMs: config.wordDelayMs } : {});
    default:
      throw new Error(`model provider "${config.provider}" is not available in this version of the server; use "offline"`);
  }
}
