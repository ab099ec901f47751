import { sharedStyles } from './shared.styles.js';

export const auditViewStyles = [sharedStyles];
