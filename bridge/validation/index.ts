export { compileValidator, formatIssues } from './validator.js';
export type { ValidationIssue, Validator } from './validator.js';
