/**
 * Where a conversation survives a reload: `sessionStorage` (default), `localStorage` or nowhere,
 * under one key per client token. Storage that is blocked or full only costs the reload survival;
 * the conversation stays on screen.
 */
import { StorageSlot } from '../../bridge/index.js';
import type { ChatItem } from './chat-items.js';

export type PersistMode = 'session' | 'local' | 'none';

export interface SavedChat {
  sessionId?: string;
  welcome: string;
  placeholder: string;
  suggestions?: readonly string[];
  items: ChatItem[];
}

/** The storage key of a token's transcript. */
export const transcriptKey = (clientToken: string) => `webmcp-chat:transcript:${clientToken}`;

/** A stored conversation as a `SavedChat`, nothing left marked as streaming; `undefined` for anything else. */
function asSavedChat(value: unknown): SavedChat | undefined {
  const saved = value as SavedChat | null;
  if (!saved || !Array.isArray(saved.items)) return undefined; // a corrupted entry is ignored: the chat starts fresh
  const chat: SavedChat = {
    welcome: typeof saved.welcome === 'string' ? saved.welcome : '',
    placeholder: typeof saved.placeholder === 'string' ? saved.placeholder : '',
    items: saved.items.map((i) => (i.kind === 'message' ? { ...i, streaming: false } : i)),
  };
  if (typeof saved.sessionId === 'string') chat.sessionId = saved.sessionId;
  return chat;
}

export class TranscriptStore {
  constructor(
    private readonly mode: () => PersistMode,
    private readonly clientToken: () => string,
  ) {}

  // The mode and the token may change between calls (attributes): the slot is looked up each time.
  #slot(): StorageSlot<SavedChat> {
    const mode = this.mode();
    const storage = () => (mode === 'local' ? localStorage : mode === 'session' ? sessionStorage : undefined);
    return new StorageSlot(storage, transcriptKey(this.clientToken()), asSavedChat);
  }

  /** Saves the conversation; storage that is blocked or full only costs the reload survival. */
  save(chat: SavedChat): void {
    this.#slot().write(chat);
  }

  /** The saved conversation, with nothing left marked as streaming; `undefined` when there is none. */
  load(): SavedChat | undefined {
    return this.#slot().read();
  }
}
