export { ApiKeys, mayUse, type ApiKeyHolder } from './api-keys.js';
