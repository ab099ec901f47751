import { sharedStyles } from './shared.styles.js';

export const surfacesViewStyles = [sharedStyles];
