import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

export const activityViewStyles = [
  sharedStyles,
  css`
    .bar {
      vertical-align: middle;
    }
    .bar .track {
      fill: #eef1f6;
    }
    .bar .fill {
      fill: #2b5fb8;
    }
    .bar.errors .fill {
      fill: #b0261a;
    }
    .bar.denials .fill {
      fill: #9a6a00;
    }
    .bar.p95 .fill {
      fill: #173e7f;
    }
  `,
];
