import { css } from 'lit';

export const webmcpChatStyles = css`
  :host {
    all: initial;
    display: contents;
    font-family: var(--webmcp-chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--webmcp-chat-font-size, 15px);
    line-height: 1.45;
    color: var(--webmcp-chat-fg, #1c1e24);
  }
  :host([mode='inline']) {
    display: block;
    height: 100%;
  }
  * {
    box-sizing: border-box;
  }
  .launcher {
    position: fixed;
    right: var(--webmcp-chat-offset, 20px);
    bottom: var(--webmcp-chat-offset, 20px);
    z-index: var(--webmcp-chat-z-index, 2147483000);
    width: 56px;
    height: 56px;
    border-radius: 50%;
    border: none;
    cursor: pointer;
    background: var(--webmcp-chat-accent, #3151d3);
    color: var(--webmcp-chat-accent-fg, #fff);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.2);
    display: grid;
    place-items: center;
  }
  .launcher svg {
    width: 26px;
    height: 26px;
  }
  .panel {
    display: flex;
    flex-direction: column;
    background: var(--webmcp-chat-surface, #fff);
    color: var(--webmcp-chat-fg, #1c1e24);
    border: 1px solid var(--webmcp-chat-border, #d8dbe2);
    border-radius: var(--webmcp-chat-radius, 14px);
    overflow: hidden;
  }
  .panel.floating {
    position: fixed;
    right: var(--webmcp-chat-offset, 20px);
    bottom: calc(var(--webmcp-chat-offset, 20px) + 68px);
    z-index: var(--webmcp-chat-z-index, 2147483000);
    width: min(400px, calc(100vw - 2 * var(--webmcp-chat-offset, 20px)));
    height: min(600px, calc(100vh - 120px));
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.22);
  }
  .panel.inline {
    height: 100%;
    min-height: 320px;
  }
  header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 10px 14px;
    border-bottom: 1px solid var(--webmcp-chat-border, #d8dbe2);
  }
  header h2 {
    margin: 0;
    font-size: 1em;
    flex: 1;
  }
  .close {
    border: none;
    background: none;
    font-size: 1.3em;
    cursor: pointer;
    color: inherit;
    line-height: 1;
    padding: 4px 8px;
  }
  .log {
    flex: 1;
    overflow-y: auto;
    padding: 12px 14px;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .message {
    max-width: 88%;
    padding: 8px 12px;
    border-radius: 12px;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .message.user {
    align-self: flex-end;
    background: var(--webmcp-chat-accent, #3151d3);
    color: var(--webmcp-chat-accent-fg, #fff);
  }
  .message.assistant,
  .message.welcome {
    align-self: flex-start;
    background: var(--webmcp-chat-bubble-bg, #eef0f4);
  }
  .message.error {
    align-self: stretch;
    background: var(--webmcp-chat-error-bg, #fbe2e2);
    color: var(--webmcp-chat-error-fg, #8a1f1f);
  }
  .status-line {
    font-size: 0.85em;
    color: var(--webmcp-chat-muted, #5b6070);
  }
  form {
    display: flex;
    gap: 8px;
    padding: 10px;
    border-top: 1px solid var(--webmcp-chat-border, #d8dbe2);
  }
  textarea {
    flex: 1;
    resize: none;
    font: inherit;
    padding: 8px 10px;
    border-radius: 10px;
    border: 1px solid var(--webmcp-chat-border, #c9ccd4);
    background: var(--webmcp-chat-input-bg, #fff);
    color: inherit;
    min-height: 40px;
    max-height: 140px;
  }
  form button {
    font: inherit;
    border-radius: 10px;
    border: none;
    padding: 0 14px;
    cursor: pointer;
    background: var(--webmcp-chat-accent, #3151d3);
    color: var(--webmcp-chat-accent-fg, #fff);
  }
  form button.stop {
    background: var(--webmcp-chat-stop-bg, #5b6070);
  }
  button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  button:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--webmcp-chat-focus, #3151d3);
    outline-offset: 2px;
  }
  .debug {
    font-size: 0.8em;
    padding: 4px 14px;
    border-top: 1px solid var(--webmcp-chat-border, #d8dbe2);
    color: var(--webmcp-chat-muted, #5b6070);
  }
  .debug ul {
    margin: 4px 0;
    padding-left: 18px;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
