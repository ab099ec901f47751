/**
 * Where a conversation survives a reload: `sessionStorage` (default), `localStorage` or nowhere,
 * under one key per client token. Storage that is blocked or full only costs the reload survival;
 * the conversation stays on screen.
 */
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

export class TranscriptStore {
  constructor(
    private readonly mode: () => PersistMode,
    private readonly clientToken: () => string,
  ) {}

  #storage(): Storage | undefined {
    const mode = this.mode();
    try {
      return mode === 'local' ? localStorage : mode === 'session' ? sessionStorage : undefined;
    } catch {
      return undefined; // storage blocked: the conversation lives as long as the page
    }
  }

  save(chat: SavedChat): void {
    try {
      this.#storage()?.setItem(transcriptKey(this.clientToken()), JSON.stringify(chat));
    } catch {
      // storage full: the conversation is still on screen; it just will not survive a reload
    }
  }

  /** The saved conversation, with nothing left marked as streaming; `undefined` when there is none. */
  load(): SavedChat | undefined {
    try {
      const saved = JSON.parse(
        this.#storage()?.getItem(transcriptKey(this.clientToken())) ?? 'null',
      ) as SavedChat | null;
      if (!saved || !Array.isArray(saved.items)) return undefined;
      const chat: SavedChat = {
        welcome: typeof saved.welcome === 'string' ? saved.welcome : '',
        placeholder: typeof saved.placeholder === 'string' ? saved.placeholder : '',
        items: saved.items.map((i) => (i.kind === 'message' ? { ...i, streaming: false } : i)),
      };
      if (typeof saved.sessionId === 'string') chat.sessionId = saved.sessionId;
      return chat;
    } catch {
      return undefined; // a corrupted entry is ignored: the chat starts fresh
    }
  }
}
