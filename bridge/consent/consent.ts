/**
 * Who decides whether a page tool may run: the page's consent policy, the user's answer, and the
 * user's remembered "allow for this site" choices (kept in `localStorage`, per client token).
 */
import type { PageTool } from '../discovery/index.js';
import { StorageSlot } from '../storage/index.js';

/** The page's policy: ask before every tool, only before consequential ones (default), or never. */
export type ConsentPolicy = 'always-ask' | 'ask-consequential' | 'never-ask';

/** The user's answer to a prompt. */
export type ConsentAnswer = 'allow-once' | 'allow-site' | 'deny';

export const CONSENT_POLICIES: readonly ConsentPolicy[] = ['always-ask', 'ask-consequential', 'never-ask'];

/**
 * Whether running `tool` needs the user's OK under `policy`. Tools marked `consequentialHint` ask
 * under the default policy; `readOnlyHint` tools never ask unless the page asks for every tool.
 */
export function needsConsent(tool: PageTool, policy: ConsentPolicy = 'ask-consequential'): boolean {
  switch (policy) {
    case 'never-ask':
      return false;
    case 'always-ask':
      return true;
    default:
      return !!tool.annotations.consequentialHint && !tool.annotations.readOnlyHint;
  }
}

/** The tools a user allowed for this site, remembered across visits. */
export class ConsentMemory {
  readonly #slot: StorageSlot<string[]>;

  constructor(storage: Storage | undefined, scope: string) {
    this.#slot = new StorageSlot(
      () => storage,
      `webmcp-chat:consent:${scope}`,
      (value) => (Array.isArray(value) ? value.filter((n): n is string => typeof n === 'string') : undefined),
    );
  }

  has(toolName: string): boolean {
    return this.#read().includes(toolName);
  }

  remember(toolName: string): void {
    const names = this.#read();
    if (!names.includes(toolName)) this.#write([...names, toolName]);
  }

  /** Forgets one tool, or every remembered tool. */
  forget(toolName?: string): void {
    this.#write(toolName === undefined ? [] : this.#read().filter((n) => n !== toolName));
  }

  list(): string[] {
    return this.#read();
  }

  #read(): string[] {
    return this.#slot.read() ?? []; // storage blocked or corrupted: nothing is remembered, so the user is asked again
  }

  #write(names: string[]): void {
    // Storage full or blocked: the choice holds for this page view only, which is the safe side.
    if (names.length === 0) this.#slot.clear();
    else this.#slot.write(names);
  }
}
