import type { Strings } from './en.js';
import { LAUNCHER_STRINGS } from './launcher.js';

// French puts a no-break space before « : » and « ? ».
const nbsp = '\u00a0';

/** French. */
export const fr: Strings = {
  ...LAUNCHER_STRINGS.fr,
  heading: 'Assistant de la boutique',
  log: 'Conversation',
  inputLabel: 'Message',
  placeholder: 'Posez une question…',
  send: 'Envoyer',
  stop: 'Arrêter',
  retry: 'Réessayer',
  connecting: 'Connexion…',
  thinking: 'L’assistant travaille…',
  waitingForTools: 'En attente des outils de la page…',
  notConfigured: `Le chat n’est pas configuré${nbsp}: indiquez client-token et api-url.`,
  announceError: `Erreur${nbsp}: {message}`,
  debugSummary: `Outils de la page${nbsp}: {offered} proposés, {dropped} écartés`,
  toolLabel: `Outil {tool}${nbsp}: {status}`,
  toolRequested: 'Demandé',
  toolConsent: 'Votre accord est requis',
  toolRunning: 'En cours…',
  toolDone: 'Terminé',
  toolError: 'Échec',
  toolArguments: 'Arguments',
  toolResult: 'Résultat',
  toolErrorDetails: 'Erreur',
  toolDuration: '{ms} ms',
  consentQuestion: `Autoriser l’assistant à exécuter {tool}${nbsp}?`,
  allowOnce: 'Autoriser une fois',
  allowSite: 'Autoriser pour ce site',
  deny: 'Refuser',
  loadImage: `Charger l’image${nbsp}: {alt}`,
};
