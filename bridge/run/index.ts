export { ChatSession } from './session.js';
export type { ClientEventDetail, RunOutcome, RunUpdate, SendOptions, SessionOptions } from './types.js';
