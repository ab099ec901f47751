export { PauseJournal, journalKey } from './journal.js';
export type { JournalCall, JournalCallState, PausedRun } from './journal.js';
