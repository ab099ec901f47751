import { LAUNCHER_STRINGS } from './launcher.js';

/**
 * English, the reference bundle: every other bundle has exactly these keys (checked by the
 * compiler through `Strings`). `{name}` marks a value filled in by `format()`.
 */
export const en = {
  ...LAUNCHER_STRINGS.en,
  heading: 'Shop assistant',
  log: 'Conversation',
  inputLabel: 'Message',
  placeholder: 'Ask something…',
  send: 'Send',
  stop: 'Stop',
  retry: 'Retry',
  connecting: 'Connecting…',
  thinking: 'The assistant is working…',
  waitingForTools: 'Waiting for the page’s tools…',
  notConfigured: 'The chat is not configured: set client-token and api-url.',
  announceError: 'Error: {message}',
  debugSummary: 'Page tools: {offered} offered, {dropped} left out',
  toolLabel: 'Tool {tool}: {status}',
  toolRequested: 'Requested',
  toolConsent: 'Needs your OK',
  toolRunning: 'Running…',
  toolDone: 'Done',
  toolError: 'Failed',
  toolArguments: 'Arguments',
  toolResult: 'Result',
  toolErrorDetails: 'Error',
  toolDuration: '{ms} ms',
  consentQuestion: 'Allow the assistant to run {tool}?',
  allowOnce: 'Allow once',
  allowSite: 'Allow for this site',
  deny: 'Deny',
  loadImage: 'Load image: {alt}',
};

/** Every user-visible string and ARIA label of the widget, by key. */
export type Strings = { readonly [K in keyof typeof en]: string };
