import { css } from 'lit';

export const toolCardStyles = css`
  :host {
    display: block;
    font: inherit;
  }
  .card {
    border: 1px solid var(--webmcp-chat-border, #d8dbe2);
    border-radius: var(--webmcp-chat-radius-small, 8px);
    background: var(--webmcp-chat-tool-bg, #f6f7f9);
    padding: 8px 10px;
    font-size: 0.875em;
  }
  .head {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .name {
    font-weight: 600;
    flex: 1;
    overflow-wrap: anywhere;
  }
  .status {
    font-size: 0.8em;
    padding: 1px 8px;
    border-radius: 999px;
    background: var(--webmcp-chat-status-bg, #e7e9ee);
    white-space: nowrap;
  }
  .status[data-status='done'] {
    background: var(--webmcp-chat-success-bg, #dff3e4);
    color: var(--webmcp-chat-success-fg, #1d5e31);
  }
  .status[data-status='error'] {
    background: var(--webmcp-chat-error-bg, #fbe2e2);
    color: var(--webmcp-chat-error-fg, #8a1f1f);
  }
  details {
    margin-top: 6px;
  }
  pre {
    margin: 4px 0 0;
    max-height: 12em;
    overflow: auto;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    font-size: 0.85em;
  }
  .consent {
    margin-top: 8px;
    display: flex;
    gap: 6px;
    flex-wrap: wrap;
    align-items: center;
  }
  button {
    font: inherit;
    border-radius: 6px;
    border: 1px solid var(--webmcp-chat-border, #c9ccd4);
    background: var(--webmcp-chat-surface, #fff);
    color: inherit;
    padding: 4px 10px;
    cursor: pointer;
  }
  button.allow {
    background: var(--webmcp-chat-accent, #3151d3);
    border-color: var(--webmcp-chat-accent, #3151d3);
    color: var(--webmcp-chat-accent-fg, #fff);
  }
  button:focus-visible {
    outline: 2px solid var(--webmcp-chat-focus, #3151d3);
    outline-offset: 2px;
  }
`;
