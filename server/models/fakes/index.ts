/**
 * Wire-faithful fake model providers for tests (OpenAI Chat Completions and Anthropic Messages
 * streaming on a loopback port), driven by turn scripts with quirk switches.
 */
export { startFakeProvider } from './server.js';
export type { FakeProvider, FakeProviderOptions, RecordedRequest } from './server.js';
export { argumentsText, finishOf, textPieces, argumentFragments, trailingToolResults } from './script.js';
export type { FakeFormat, FakeQuirks, FakeRequestView, FakeToolCall, FakeTurn, RenderedStream } from './script.js';
export { renderChatCompletions, chatCompletionsError } from './chat-completions.js';
export { renderAnthropicMessages, anthropicError } from './anthropic-messages.js';
export { awkwardSplitter, frameText } from './server.js';
