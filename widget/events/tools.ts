import type { DroppedTool, Snapshot } from '../../bridge/index.js';

export interface ToolsDetail {
  /** Names of the page tools offered to the model. */
  offered: string[];
  /** Page tools left out, each with the reason (a policy reason or the code of a limit). */
  dropped: DroppedTool[];
}

/**
 * Fired when the set of page tools the widget offers to the model changes (the page registered or
 * removed a tool, or the surface's rules changed). Not cancelable.
 */
export class ToolsEvent extends Event {
  static readonly type = 'webmcp-chat-tools';
  readonly detail: ToolsDetail;

  constructor(snapshot: Snapshot) {
    super(ToolsEvent.type, { bubbles: true, composed: true, cancelable: false });
    this.detail = { offered: snapshot.clientTools.map((t) => t.name), dropped: snapshot.dropped };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'webmcp-chat-tools': ToolsEvent;
  }
}
