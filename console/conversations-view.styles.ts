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
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: end;
      margin-bottom: 0.75rem;
    }
    .pager {
      display: flex;
      gap: 0.75rem;
      align-items: center;
      margin-top: 0.5rem;
    }
    button[aria-pressed='true'] {
      background: #173e7f;
      color: #fff;
    }
  `,
];
