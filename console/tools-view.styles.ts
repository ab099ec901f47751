import { sharedStyles } from './shared.styles.js';

export const toolsViewStyles = [sharedStyles];
