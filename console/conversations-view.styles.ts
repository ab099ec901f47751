import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

export const conversationsViewStyles = [
  sharedStyles,
  css`
    .detail {
      border-left: 3px solid #2b5fb8;
      padding-left: 0.75rem;
      margin-top: 0.75rem;
    }
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
    .error {
      color: #b0261a;
    }
    button[aria-pressed='true'] {
      background: #173e7f;
      color: #fff;
    }
  `,
];
