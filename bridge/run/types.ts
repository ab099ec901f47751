/**
 * The public shapes of a chat session: the options it is made with, what a run reports while it
 * works, how it ends, and what one `send` (or `recover`) is given.
 */
import type { PageTool, WebmcpBackend } from '../discovery/index.js';
import type { ToolCall, ToolRunSettings } from '../execution/index.js';
import type { McpToolResult, StreamEvent, WebmcpSettings } from '../protocol/index.js';
import type { Snapshot } from '../snapshot/index.js';

export interface SessionOptions extends ToolRunSettings {
  apiUrl: string;
  clientToken: string;
  /** Defaults to the detected WebMCP backend of `document`. */
  backend?: WebmcpBackend;
  /** Defaults to `location.origin`. */
  pageOrigin?: string;
  /** Extra rules from the page; they can only narrow what the surface admits. */
  pagePolicy?: WebmcpSettings;
  /** Where the pause journal lives; default `sessionStorage`. `null` disables reload survival. */
  sessionStorage?: Storage | null;
  /** Where "allow for this site" is remembered; default `localStorage`. */
  localStorage?: Storage | null;
  fetch?: typeof fetch;
  /** Called for each `client_event` frame: a one-way signal the server's `client_event` tool sent to the page. */
  onClientEvent?: (event: ClientEventDetail) => void;
}

/** A client event: the tool's name and its arguments, already checked by the server against its declared parameters. */
export interface ClientEventDetail {
  name: string;
  arguments: Record<string, unknown>;
}

/** What the run loop reports while it works, for the UI to render. */
export type RunUpdate =
  | { type: 'event'; event: StreamEvent }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'tools-waiting'; calls: ToolCall[] }
  | { type: 'tool-started'; call: ToolCall; tool: PageTool | undefined }
  | { type: 'tool-finished'; call: ToolCall; result: McpToolResult; durationMs: number };

export interface RunOutcome {
  executionId: string | undefined;
  status: 'completed' | 'failed' | 'stopped';
  error?: { code?: string | undefined; message: string };
}

export interface SendOptions {
  signal?: AbortSignal;
  onUpdate?: (update: RunUpdate) => void;
}
