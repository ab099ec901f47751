export { MIN_MASKED_LENGTH, SecretMasker, configuredSecretValues, secretMasker } from './masker.js';
export { maskJsonResponses } from './middleware.js';
export { StreamMask } from './stream-mask.js';
