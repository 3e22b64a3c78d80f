import { describe, expect, it } from 'vitest';
import { en } from '../../../src/core/i18n/en';
import { fr } from '../../../src/core/i18n/fr';
import { LOCALES, matchLocale, translate } from '../../../src/core/i18n/messages';
import { queryErrorKey, subEventKey } from '../../../src/core/i18n/labels';
import { ACLED_EVENT_TYPES } from '../../../src/core/model/acled';
import { QUERY_ERROR_CODES } from '../../../src/core/search/query';
import { createSearchEngine } from '../../../src/core/search/engine';

describe('message catalogues', () => {
  it('has a French text for every English key, and no extra key', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('has no empty message and the same parameters in both languages', () => {
    const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(fr[key].trim(), key).not.toBe('');
      expect(params(fr[key]), key).toEqual(params(en[key]));
    }
  });

  it('names every ACLED sub-event type in French, and in ACLED’s own spelling in English', () => {
    const subs = Object.values(ACLED_EVENT_TYPES).flat();
    expect(subs).toHaveLength(25);
    for (const sub of subs) {
      const key = subEventKey(sub);
      expect(key, sub).toBeDefined();
      expect(translate('en', key!)).toBe(sub);
      if (sub !== 'Grenade') expect(translate('fr', key!), sub).not.toBe(sub);
    }
    expect(translate('fr', subEventKey('Armed clash')!)).toBe('Affrontement armé');
    expect(subEventKey('Skirmish')).toBeUndefined();
  });

  it('fills parameters and leaves unknown ones visible', () => {
    expect(translate('fr', 'search.count', { count: 3 })).toBe('3 résultats');
    expect(translate('en', 'search.count')).toBe('{count} results');
  });

  it('matches a system language to a supported locale', () => {
    expect(matchLocale('fr-ML')).toBe('fr');
    expect(matchLocale('FR')).toBe('fr');
    expect(matchLocale('bm-ML')).toBe('en');
    expect(matchLocale(undefined)).toBe('en');
  });
});

describe('query error messages', () => {
  it('explains every query error code in English and in French', () => {
    for (const code of QUERY_ERROR_CODES)
      for (const locale of LOCALES) {
        const text = translate(locale, queryErrorKey(code), { field: 'lieu' });
        expect(text, `${locale} ${code}`).toMatch(/\p{L}{3}/u);
        expect(text, `${locale} ${code}`).not.toContain('{');
      }
  });

  it('gives each code its own message', () => {
    for (const locale of LOCALES) {
      const texts = QUERY_ERROR_CODES.map((code) => translate(locale, queryErrorKey(code)));
      expect(new Set(texts).size, locale).toBe(QUERY_ERROR_CODES.length);
    }
  });

  it('covers every code the engine returns for a malformed query', () => {
    const engine = createSearchEngine();
    const seen = ['lieu:gao', 'gao^', 'gao~x', '"bus attack', '"bus attack"~', '+'].map(
      (q) => engine.search(q).error?.code,
    );
    for (const code of seen) expect(QUERY_ERROR_CODES).toContain(code);
  });
});
