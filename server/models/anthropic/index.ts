/** The Anthropic (Messages) model adapter. */
export { createAnthropicModel, ANTHROPIC_BASE_URL } from './model.js';
export type { AnthropicModelOptions } from './model.js';
export { MessagesNormalizer } from './normalize.js';
