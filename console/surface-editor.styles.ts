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
    .origins {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .origins li {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      margin-bottom: 0.25rem;
    }
    .small {
      padding: 0.1rem 0.5rem;
      font-size: 0.85em;
    }
    .inline-form {
      display: flex;
      gap: 0.5rem;
      align-items: end;
      margin-top: 0.25rem;
    }
  `,
];
