import { sharedStyles } from './shared.styles.js';

export const originsViewStyles = [sharedStyles];
