import type { Config } from '../config/schema.js';
import { MemoryStore } from './memory.js';
import type { Store } from './types.js';

export { MemoryStore } from './memory.js';
export type { OriginSighting, PendingCall, RunRecord, RunStatus, SessionRecord, Store, ToolSighting } from './types.js';

/** Opens the store the config names. */
export async function openStore(config: Config['store']): Promise<Store> {
  switch (config.kind) {
    case 'memory':
      return new MemoryStore();
    default:
      throw new Error(`store.kind "${config.kind}" is not available in this version of the server; use "memory"`);
  }
}
