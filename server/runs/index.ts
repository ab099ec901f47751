export { normalizeOutput, matchOutputs } from './outputs.js';
export { checkResumable, continueRun } from './resume.js';
export type { ResumableRun } from './resume.js';
export { newUserText } from './start.js';
