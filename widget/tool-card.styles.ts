/** The tool card's styles; colours come from the theme tokens `<webmcp-chat>` defines (`--_*`). */
import { css } from 'lit';

export const toolCardStyles = css`
  :host {
    display: block;
    font: inherit;
  }
  .card {
    border: 1px solid var(--_border, #d8dbe2);
    border-radius: 8px;
    background: var(--_tool, #f6f7f9);
    padding: 8px 10px;
    font-size: 0.875em;
  }
  .head {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .duration {
    font-size: 0.8em;
    color: var(--_muted, #555a69);
  }
  summary {
    cursor: pointer;
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
    background: var(--_bubble, #e7e9ee);
    white-space: nowrap;
  }
  .status[data-status='done'] {
    background: var(--_ok-bg, #dff3e4);
    color: var(--_ok-fg, #1d5e31);
  }
  .status[data-status='error'] {
    background: var(--_err-bg, #fbe2e2);
    color: var(--_err-fg, #8a1f1f);
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
  .by,
  .args {
    font-size: 0.85em;
    color: var(--_muted, #555a69);
    overflow-wrap: anywhere;
  }
  .view,
  .summary {
    margin-top: 6px;
    overflow-wrap: anywhere;
  }
  .rows {
    margin: 0;
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 2px 10px;
  }
  .row {
    display: contents;
  }
  dt {
    color: var(--_muted, #555a69);
  }
  dd {
    margin: 0;
  }
  .list {
    margin: 0;
    padding-left: 1.2em;
  }
  .more {
    color: var(--_muted, #555a69);
  }
  .note {
    margin: 0;
  }
  p.summary {
    white-space: pre-line;
    font-weight: 600;
  }
  .note.error {
    color: var(--_err-fg, #8a1f1f);
  }
  .consent {
    margin-top: 8px;
  }
  .consent p {
    margin: 4px 0;
  }
  .actions {
    margin-top: 8px;
    display: flex;
    gap: 6px;
    flex-wrap: wrap;
  }
  button {
    font: inherit;
    border-radius: 6px;
    border: 1px solid var(--_border, #c9ccd4);
    background: var(--_bg, #fff);
    color: inherit;
    padding: 4px 10px;
    cursor: pointer;
  }
  button.allow {
    background: var(--_accent, #3151d3);
    border-color: var(--_accent, #3151d3);
    color: var(--_accent-fg, #fff);
  }
  button:focus-visible,
  summary:focus-visible {
    outline: 2px solid var(--_focus, #3151d3);
    outline-offset: 2px;
  }
`;
