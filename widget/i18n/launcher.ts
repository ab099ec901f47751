/**
 * The few strings the launcher needs before the panel has loaded, in every supported language; only
 * this small table ships in the launcher. English spreads it into its full bundle; German and French,
 * chunks loaded on their own, write them out (`i18n.test.ts` checks that they agree).
 */
export const LAUNCHER_STRINGS = {
  en: { openChat: 'Open chat', closeChat: 'Close chat', loading: 'Loading the assistant…' },
  de: { openChat: 'Chat öffnen', closeChat: 'Chat schließen', loading: 'Der Assistent wird geladen…' },
  fr: { openChat: 'Ouvrir le chat', closeChat: 'Fermer le chat', loading: 'Chargement de l’assistant…' },
} as const satisfies Record<string, { openChat: string; closeChat: string; loading: string }>;

/** A language the widget ships strings for. */
export type Locale = keyof typeof LAUNCHER_STRINGS;

/**
 * The widget's language: the element's `lang` (or the nearest ancestor's, up to `<html lang>`),
 * reduced to its primary subtag (`de-CH` → `de`); English when that language is not shipped.
 */
export function resolveLocale(element: Element): Locale {
  const tag = (element.closest('[lang]')?.getAttribute('lang') ?? '').trim().toLowerCase().split('-')[0] ?? '';
  return tag in LAUNCHER_STRINGS ? (tag as Locale) : 'en';
}
