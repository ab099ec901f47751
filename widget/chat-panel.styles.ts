import { css } from 'lit';

/**
 * The panel's styles. Colours, radius and font come from the theme tokens (`--_*`) that
 * `<webmcp-chat>` defines from its public custom properties; the panel's box is placed by the
 * launcher's stylesheet (corner or inline). Message bubbles are laid out here, from the outside.
 */
export const chatPanelStyles = css`
  :host {
    display: block;
  }
  * {
    box-sizing: border-box;
  }
  .panel {
    display: flex;
    flex-direction: column;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
    height: 100%;
    min-height: 320px;
  }
  :host([mode='floating']) .panel {
    width: var(--webmcp-chat-panel-width, min(400px, calc(100vw - 2 * var(--_offset))));
    height: var(--webmcp-chat-panel-height, min(600px, calc(100vh - 120px)));
    min-height: 0;
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.22);
  }
  header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 10px 14px;
    border-bottom: 1px solid var(--_border);
  }
  .title {
    flex: 1;
    margin: 0;
    font-size: 1em;
    font-weight: 600;
  }
  .icon {
    display: grid;
    place-items: center;
    width: 32px;
    height: 32px;
    padding: 0;
    border: 0;
    border-radius: 8px;
    background: none;
    color: inherit;
    cursor: pointer;
  }
  .icon svg {
    width: 20px;
    height: 20px;
    fill: currentColor;
  }
  .log {
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 12px 14px;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  [part~='message'] {
    max-width: 88%;
    padding: 8px 12px;
    border-radius: 12px;
    overflow-wrap: anywhere;
    align-self: flex-start;
    background: var(--_bubble);
  }
  [part~='message'][data-role='user'] {
    align-self: flex-end;
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  [part~='message'][data-role='error'] {
    align-self: stretch;
    max-width: none;
    background: var(--_err-bg);
    color: var(--_err-fg);
  }
  .status-line,
  .typing {
    font-size: 0.85em;
    color: var(--_muted);
  }
  .dots {
    display: inline-flex;
    gap: 4px;
    padding: 10px 12px;
    border-radius: 12px;
    background: var(--_bubble);
  }
  .dots i {
    width: 7px;
    height: 7px;
    border-radius: 50%;
    background: currentColor;
    animation: webmcp-chat-typing 1.2s infinite ease-in-out;
  }
  .dots i:nth-child(2) {
    animation-delay: 0.15s;
  }
  .dots i:nth-child(3) {
    animation-delay: 0.3s;
  }
  @keyframes webmcp-chat-typing {
    0%,
    60%,
    100% {
      opacity: 0.3;
      transform: none;
    }
    30% {
      opacity: 1;
      transform: translateY(-3px);
    }
  }
  form {
    display: flex;
    gap: 8px;
    padding: 10px;
    border-top: 1px solid var(--_border);
  }
  textarea {
    flex: 1;
    min-width: 0;
    resize: none;
    line-height: 1.35;
    font: inherit;
    padding: 8px 10px;
    border-radius: 10px;
    border: 1px solid var(--_border);
    background: var(--_input);
    color: inherit;
    min-height: 40px;
    max-height: 140px;
    overflow-y: auto;
  }
  textarea::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  form button,
  .retry {
    font: inherit;
    border-radius: 10px;
    border: none;
    padding: 0 14px;
    cursor: pointer;
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  .retry {
    align-self: flex-start;
    padding: 6px 14px;
  }
  form button.stop {
    background: var(--_fg);
    color: var(--_bg);
  }
  button:focus-visible,
  textarea:focus-visible,
  summary:focus-visible,
  .log:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .suggestions {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .chip,
  .jump {
    font: inherit;
    font-size: 0.9em;
    border: 1px solid var(--_accent);
    border-radius: 999px;
    padding: 4px 12px;
    background: var(--_bg);
    color: var(--_accent);
    cursor: pointer;
  }
  .jump {
    align-self: center;
    margin: 4px 0;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.15);
  }
  .stopped {
    margin: -4px 0 0;
    font-size: 0.8em;
    font-style: italic;
    color: var(--_muted);
  }
  .debug {
    font-size: 0.8em;
    padding: 4px 14px;
    border-top: 1px solid var(--_border);
    color: var(--_muted);
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
  /* Phones: the floating panel fills the screen (its box is placed by the launcher's sheet). */
  @media (max-width: 480px) {
    :host([mode='floating']) .panel {
      width: 100%;
      height: 100%;
      border: 0;
      border-radius: 0;
      box-shadow: none;
      padding: env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left);
    }
    /* 16 px or more: phones zoom into smaller text boxes. */
    textarea {
      font-size: max(16px, 1em);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .dots i {
      animation: none;
    }
  }
`;
