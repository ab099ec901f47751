/**
 * The widget's strings: one bundle per language with the same keys, chosen by `lang` and
 * overridable per string (`chat.strings = { send: 'Go' }`). The full bundles load with the panel;
 * the launcher carries only `LAUNCHER_STRINGS`.
 */
import { de } from './de.js';
import { en, type Strings } from './en.js';
import { fr } from './fr.js';
import type { Locale } from './launcher.js';

export { LAUNCHER_STRINGS, resolveLocale } from './launcher.js';
export type { Locale } from './launcher.js';
export type { Strings } from './en.js';

export const BUNDLES: Readonly<Record<Locale, Strings>> = { en, de, fr };

/** The bundle for `locale` with the page's overrides on top (empty overrides are ignored). */
export function stringsFor(locale: Locale, overrides: Partial<Strings> = {}): Strings {
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(overrides)) if (typeof value === 'string' && value) picked[key] = value;
  return { ...(BUNDLES[locale] ?? en), ...picked };
}

/** Fills `{name}` slots: `format('Tool {tool}', { tool: 'x' })` → `Tool x`. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => (name in values ? String(values[name]) : slot));
}
