/**
 * The widget's strings: one bundle per language with the same keys, chosen by `lang` and
 * overridable per string (`chat.strings = { send: 'Go' }`). English ships with the panel; every
 * other language is a chunk of its own, loaded with the panel when the page uses it (each bundle in
 * the panel cost every page ~0.75 KB brotli). The launcher carries only `LAUNCHER_STRINGS`.
 */
import { en, type Strings } from './en.js';
import type { Locale } from './launcher.js';

export { LAUNCHER_STRINGS, resolveLocale } from './launcher.js';
export type { Locale } from './launcher.js';
export type { Strings } from './en.js';

const bundles: Partial<Record<Locale, Strings>> = { en };

const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<Strings>> = {
  de: () => import('./de.js').then((m) => m.de),
  fr: () => import('./fr.js').then((m) => m.fr),
};

/** True once the bundle of `locale` is loaded (English always is). */
export function hasLocale(locale: Locale): boolean {
  return !!bundles[locale];
}

/** Loads the bundle of `locale`; until it has, {@link stringsFor} gives English. */
export async function loadLocale(locale: Locale): Promise<void> {
  if (!bundles[locale]) bundles[locale] = await LOADERS[locale as Exclude<Locale, 'en'>]();
}

/** The bundle for `locale` (English while it is not loaded) with the page's overrides on top (empty ones are ignored). */
export function stringsFor(locale: Locale, overrides: Partial<Strings> = {}): Strings {
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(overrides)) if (typeof value === 'string' && value) picked[key] = value;
  return { ...(bundles[locale] ?? en), ...picked };
}

/** Fills `{name}` slots: `format('Tool {tool}', { tool: 'x' })` → `Tool x`. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => (name in values ? String(values[name]) : slot));
}
