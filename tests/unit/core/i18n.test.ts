import { describe, expect, it } from 'vitest';
import { en } from '../../../src/core/i18n/en';
import { fr } from '../../../src/core/i18n/fr';
import { matchLocale, translate } from '../../../src/core/i18n/messages';

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
