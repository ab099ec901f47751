/** What the panel renders: the conversation as a list of messages and tool calls. */

export type ToolStatus = 'requested' | 'consent' | 'running' | 'done' | 'error';

export interface MessageItem {
  kind: 'message';
  id: string;
  role: 'user' | 'assistant' | 'error';
  text: string;
  streaming: boolean;
  /** The user stopped the run here: the answer may be cut short. */
  stopped?: boolean;
}

export interface ToolItem {
  kind: 'tool';
  id: string;
  name: string;
  title: string;
  parameters: unknown;
  status: ToolStatus;
  result?: string;
  durationMs?: number;
  /** `server` when the shop's server ran the tool; else a page tool. */
  origin?: 'webmcp' | 'server';
  /** The tool's description, for the consent prompt. */
  description?: string;
  /** What the call will do, in the page's words (consent prompt). */
  summary?: string;
  /** The user stopped the run here. */
  stopped?: boolean;
}

export type ChatItem = MessageItem | ToolItem;

/** Run states, `@lit/task` style. */
export const ChatStatus = {
  idle: 'idle',
  connecting: 'connecting',
  thinking: 'thinking',
  waitingForTools: 'waiting-for-tools',
  error: 'error',
} as const;
export type ChatStatus = (typeof ChatStatus)[keyof typeof ChatStatus];
