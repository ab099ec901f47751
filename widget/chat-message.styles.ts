import { css } from 'lit';

/**
 * Message content. The bubble itself (padding, background, alignment) is laid out by the panel
 * from the outside; this styles what is inside: plain text for user and error messages, rendered
 * markdown for the assistant. Colours come from the theme tokens (`--_*`, set by `<webmcp-chat>`)
 * and fall back to the public custom properties, so the element also works on its own.
 *
 * Written compactly on purpose: Lit ships this text as it is. Notes on the rules:
 * - `pre-line` on text blocks: a single newline from the model stays a line break, as people
 *   expect in a chat (the DOM keeps CommonMark's soft break; only the display differs).
 * - code blocks wrap by default; `--webmcp-chat-code-white-space: pre` makes them scroll instead.
 * - a table wider than the bubble scrolls sideways inside `.md-table`, which is focusable so the
 *   keyboard can scroll it; cells keep words whole.
 */
export const chatMessageStyles = css`
  :host {
    display: block;
    overflow-wrap: anywhere;
    min-width: 0;
    --_b: var(--_border, var(--webmcp-chat-border, #d8dbe2));
    --_c: var(--webmcp-chat-code-bg, color-mix(in srgb, currentColor 9%, transparent));
  }
  .plain {
    white-space: pre-wrap;
  }
  p,
  li,
  th,
  td,
  h1,
  h2,
  h3,
  h4,
  h5,
  h6 {
    white-space: pre-line;
  }
  p,
  ul,
  ol,
  blockquote,
  pre,
  hr,
  .md-table {
    margin: 0 0 0.6em;
  }
  h1,
  h2,
  h3,
  h4,
  h5,
  h6 {
    margin: 0.8em 0 0.35em;
    font-size: 1.05em;
    line-height: 1.25;
  }
  .md > :first-child {
    margin-top: 0;
  }
  .md > :last-child {
    margin-bottom: 0;
  }
  ul,
  ol {
    padding-left: 1.4em;
  }
  li > p {
    margin: 0;
  }
  li > * + *,
  li + li {
    margin-top: 0.3em;
  }
  blockquote {
    padding-left: 0.8em;
    border-left: 3px solid var(--_b);
    color: var(--_muted, var(--webmcp-chat-muted, #555a69));
  }
  hr {
    border: 0;
    border-top: 1px solid var(--_b);
  }
  a {
    color: var(--webmcp-chat-link, var(--_accent, var(--webmcp-chat-accent, #3151d3)));
    text-underline-offset: 2px;
  }
  code {
    font: 0.9em var(--webmcp-chat-code-font, ui-monospace, Menlo, Consolas, monospace);
    padding: 0.1em 0.3em;
    border-radius: 4px;
    background: var(--_c);
  }
  pre {
    padding: 0.6em 0.8em;
    border-radius: 8px;
    background: var(--_c);
    white-space: var(--webmcp-chat-code-white-space, pre-wrap);
    overflow-x: auto;
  }
  pre code {
    padding: 0;
    background: none;
    white-space: inherit;
  }
  .md-table {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
  }
  th,
  td {
    padding: 0.3em 0.6em;
    border: 1px solid var(--_b);
    text-align: left;
    vertical-align: top;
    overflow-wrap: normal;
  }
  [align='center'] {
    text-align: center;
  }
  [align='right'] {
    text-align: right;
  }
  .md-image {
    font: inherit;
    padding: 0.2em 0.6em;
    border: 1px dashed;
    border-radius: 6px;
    background: none;
    color: inherit;
    cursor: pointer;
  }
  img {
    max-width: 100%;
    border-radius: 6px;
  }
  :focus-visible {
    outline: 2px solid var(--_focus, var(--webmcp-chat-focus, #3151d3));
    outline-offset: 2px;
  }
`;
