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
  toolByServer: 'Run by the shop’s server',
  moreItems: '+{n} more',
  noItems: 'Nothing found',
  consentAllowed: 'Allowed: {tool}',
  consentDenied: 'Denied: {tool}',
  errorNetwork: 'Can’t reach the assistant right now. Check your connection and try again.',
  errorBusy: 'The assistant is busy right now. Please wait a moment and try again.',
  errorExpired: 'This conversation has expired. Please try again.',
  errorUnavailable: 'The assistant isn’t available on this page right now.',
  errorGeneric: 'Something went wrong. Please try again.',
  stopped: 'Stopped',
  newConversation: 'New conversation',
  suggestionsLabel: 'Suggestions',
  jumpToLatest: 'Jump to latest',
  loadImage: 'Load image: {alt}',
};

/** Every user-visible string and ARIA label of the widget, by key. */
export type Strings = { readonly [K in keyof typeof en]: string };
