export { CONSENT_POLICIES, ConsentMemory, needsConsent } from './consent.js';
export type { ConsentAnswer, ConsentPolicy } from './consent.js';
