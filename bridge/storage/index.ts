export { StorageSlot, browserStorage } from './storage-slot.js';
