export { MIN_MASKED_LENGTH, SecretMasker, configuredSecretValues, secretMasker } from './masker.js';
