import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

export const consoleAppStyles = [
  sharedStyles,
  css`
    :host {
      max-width: 72rem;
      margin: 0 auto;
      padding: 1rem;
    }
    header {
      display: flex;
      justify-content: space-between;
      align-items: center;
      border-bottom: 1px solid #dde2ea;
      margin-bottom: 1rem;
    }
    h1 {
      font-size: 1.5rem;
      margin: 0.5rem 0;
    }
    main > * {
      margin-bottom: 2rem;
    }
    .sign-in {
      max-width: 32rem;
    }
  `,
];
