/** The OpenAI-compatible (Chat Completions) model adapter. */
export { createOpenAICompatibleModel } from './model.js';
export type { OpenAICompatibleModelOptions } from './model.js';
export { ChatCompletionsNormalizer } from './normalize.js';
