import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

export const surfaceEditorStyles = [
  sharedStyles,
  css`
    :host {
      border: 1px solid #dde2ea;
      border-radius: 6px;
      padding: 0.25rem 1rem 0.75rem;
      margin-bottom: 1rem;
    }
    .meta {
      margin: 0;
    }
  `,
];
