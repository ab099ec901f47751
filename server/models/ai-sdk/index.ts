/**
 * The provider-neutral half of the real model adapters: the AI SDK V3 prompt mapping, the stream
 * part → model event mapping, time limits, error messages and the line-rewriting `fetch`.
 */
export { createLanguageModelAdapter, callOptions } from './adapter.js';
export type { GenerationSettings, LanguageModelAdapterOptions } from './adapter.js';
export { Deadline, DEFAULT_TIME_LIMITS, withActivity, currentActivity } from './deadline.js';
export type { DeadlineCause, TimeLimits } from './deadline.js';
export { ProviderError, requestError, streamPartError, timeoutError, unfinished } from './errors.js';
export type { ProviderErrorKind } from './errors.js';
export { EventMapper, stopReason } from './events.js';
export { toPrompt, toTools, historyToolStubs } from './prompt.js';
export { streamFetch, lineRewriteStream } from './stream-fetch.js';
export type { LineRewriter, RewriterFactory } from './stream-fetch.js';
