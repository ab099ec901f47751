import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

export const conversationDetailStyles = [
  sharedStyles,
  css`
    .entry {
      margin: 0.5rem 0;
    }
    .role {
      font-weight: 600;
    }
    .tool {
      border: 1px solid #dde2ea;
      border-radius: 4px;
      padding: 0.3rem 0.5rem;
      margin: 0.3rem 0;
    }
    .badge {
      border-radius: 3px;
      padding: 0 0.3rem;
      font-size: 0.85em;
      background: #e8edf6;
      color: #173e7f;
    }
    .badge[data-origin='server'] {
      background: #efe6f7;
      color: #4d1f73;
    }
    .kv th {
      text-align: left;
      font-weight: 600;
      width: 10rem;
    }
    .kv td {
      word-break: break-word;
    }
    .error {
      color: #b0261a;
    }
  `,
];
