// Message lookup with {name} placeholders. The current locale lives in the app store (see store.ts).
import { en, type Catalogue, type MessageKey } from './en.js';
import { ja } from './ja.js';

export type { MessageKey } from './en.js';
export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];
/** Names shown in the language switch, each in its own language. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', ja: '日本語' };

export const catalogues: Record<Locale, Catalogue> = { en, ja };

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const text = catalogues[locale][key] ?? en[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** True when the catalogue has a message for a dynamic key (e.g. a notice code from main). */
export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** Picks the first supported language of the browser, English otherwise. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const lang of languages) {
    const base = lang.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}
