/**
 * Message lookup and formatting. Catalogues are plain objects keyed alike; `translate` fills
 * `{name}` parameters and falls back to English for a locale it does not know.
 */
import { en, type MessageKey } from './en';
import { fr } from './fr';

export type { MessageKey };

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, fr };

export type MessageParams = Record<string, string | number>;

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = catalogues[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** The supported locale closest to a BCP 47 tag (`fr-ML` → `fr`), English otherwise. */
export function matchLocale(tag: string | undefined): Locale {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((l) => l === primary) ?? 'en';
}

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}
