export { ChatSession } from './session.js';
export type { RunOutcome, RunUpdate, SendOptions, SessionOptions } from './session.js';
