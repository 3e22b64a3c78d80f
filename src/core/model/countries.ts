/**
 * Every country, for the ACLED export: its ISO 3166 numeric and alpha-3 codes and its ACLED
 * region, found by any of its names in English or French, its usual other spellings, or its
 * ISO codes ("Sudan", "Soudan", "Côte d’Ivoire", "Ivory Coast", "TCD"), case and accents aside.
 *
 * Names and codes come from the world-countries data (mledoze/countries). ACLED's regions
 * follow the United Nations' subregions for Africa, the Americas and Europe; Western Asia is
 * ACLED's Middle East except the Caucasus, which ACLED joins to Central Asia; Iran is in the
 * Middle East; the subregions of Oceania are one region. Where the data's subregion differs
 * from the UN's (South Sudan, Mexico), the country is set here.
 */
import countries from 'world-countries';
import { foldForSearch } from '../text/fold';

export interface CountryCodes {
  /** ISO 3166-1 numeric (absent for Kosovo, which has none). */
  iso?: number;
  alpha3: string;
  /** ISO 3166-1 alpha-2, as the gazetteer codes countries. */
  alpha2: string;
  /** ACLED's region. */
  region: string;
}

const REGION_OF_SUBREGION: Record<string, string> = {
  'Western Africa': 'Western Africa',
  'Middle Africa': 'Middle Africa',
  'Eastern Africa': 'Eastern Africa',
  'Southern Africa': 'Southern Africa',
  'Northern Africa': 'Northern Africa',
  'Western Asia': 'Middle East',
  'Central Asia': 'Caucasus and Central Asia',
  'Southern Asia': 'South Asia',
  'South-Eastern Asia': 'Southeast Asia',
  'Eastern Asia': 'East Asia',
  'Northern Europe': 'Europe',
  'Western Europe': 'Europe',
  'Southern Europe': 'Europe',
  'Eastern Europe': 'Europe',
  'Central Europe': 'Europe',
  'Southeast Europe': 'Europe',
  Caribbean: 'Caribbean',
  'Central America': 'Central America',
  'South America': 'South America',
  'North America': 'North America',
  'Australia and New Zealand': 'Oceania',
  Melanesia: 'Oceania',
  Micronesia: 'Oceania',
  Polynesia: 'Oceania',
};

/** Countries whose ACLED region is not their subregion's. */
const REGION_OF_COUNTRY: Record<string, string> = {
  ARM: 'Caucasus and Central Asia',
  AZE: 'Caucasus and Central Asia',
  GEO: 'Caucasus and Central Asia',
  IRN: 'Middle East',
  SSD: 'Eastern Africa',
  MEX: 'Central America',
};

/** A name folded for lookup: accents, case, punctuation and a leading article aside. */
const key = (name: string) =>
  foldForSearch(name)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^(?:the|le|la|les|l) /, '');

/** Names in common use that the data lacks. */
const ALSO_KNOWN_AS: Record<string, string> = {
  Turkey: 'TUR',
  RDC: 'COD',
  'RD Congo': 'COD',
  Burkina: 'BFA',
  'Congo-Brazzaville': 'COG',
  'Congo-Kinshasa': 'COD',
};

/** ACLED's code where the data has none of ISO's (Kosovo). */
const ALPHA3: Record<string, string> = { UNK: 'XKX' };

const byName = new Map<string, CountryCodes>();
for (const country of countries) {
  const region =
    REGION_OF_COUNTRY[country.cca3] ??
    REGION_OF_SUBREGION[country.subregion] ??
    (country.region === 'Antarctic' ? 'Antarctica' : '');
  const codes: CountryCodes = {
    alpha3: ALPHA3[country.cca3] ?? country.cca3,
    alpha2: country.cca2,
    region,
    ...(country.ccn3 ? { iso: Number(country.ccn3) } : {}),
  };
  const names = [
    country.name.common,
    country.name.official,
    country.translations['fra']?.common,
    country.translations['fra']?.official,
    ...country.altSpellings,
    country.cca3,
    ...Object.keys(ALSO_KNOWN_AS).filter((name) => ALSO_KNOWN_AS[name] === country.cca3),
  ];
  for (const name of names) {
    // An official name says which country it is; a short spelling (a two-letter code) may be
    // another country's word: the first country to claim a spelling keeps it.
    const k = name ? key(name) : '';
    if (k && !byName.has(k)) byName.set(k, codes);
  }
}

/** The country a name (or code) denotes, or undefined for a name no country goes by. */
export function countryCodes(name: string): CountryCodes | undefined {
  return name.trim() ? byName.get(key(name)) : undefined;
}
