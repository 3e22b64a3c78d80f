/**
 * A deterministic synthetic corpus for tests and benchmarks: news-like documents of about
 * 3 KB, English and French, words drawn from a Zipfian vocabulary (a few hundred common words
 * and place and group names, then a long tail of rarer words), with titles, tags and dates.
 * The same seed always gives the same corpus.
 */
import type { SearchDoc } from '../src/core/search/engine';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ENGLISH = `the of and to in a was were that said on for by with at from attack attacks attacked killed
people army soldiers militants village villages convoy police base region government security forces
civilians market road report reports official officials armed group groups fighters local town
mine explosion bus vehicle military operation mission united nations jihadist violence week month
district border north south east west central camp displaced families water food aid health
commander president minister election transition sanctions troops patrol ambush wounded dead
residents witnesses sources according statement claimed responsibility motorbikes night morning
gunmen checkpoint bridge river livestock herders farmers clashes community leaders talks peace`.split(/\s+/);

const FRENCH = `le la les de des du et à en un une au aux par pour sur dans avec été ont est sont attaque
attaques attaqué tués morts soldats militaires village villages convoi police base région armée
civils marché route rapport autorités groupe armés combattants ville mine explosion véhicule
mission nations unies violences semaine mois frontière nord sud est ouest centre camp déplacés
familles eau aide santé commandant président ministre élections transition troupes patrouille
embuscade blessés habitants témoins sources selon communiqué revendiqué motos nuit matin hommes
poste pont fleuve bétail éleveurs agriculteurs affrontements communauté chefs pourparlers paix`.split(/\s+/);

const NAMES = `Mopti Gao Timbuktu Tombouctou Kidal Ménaka Ségou Sévaré Bandiagara Douentza Djenné Bamako
Koulikoro Sikasso Kayes Boni Hombori Diabaly Boulkessi Tessit Niono Macina JNIM GSIM ISGS AQIM
FAMa MINUSMA Barkhane Wagner Dogon Fulani Dozo Tuareg`.split(/\s+/);

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'tar',
  'sen',
  'bou',
  'di',
  'ra',
  'ne',
  'tou',
  'ga',
  'ma',
  'fi',
  'so',
  'ke',
  'ba',
];

function vocabulary(random: () => number, common: string[], tail: number): string[] {
  const words = [...common, ...NAMES];
  const seen = new Set(words.map((w) => w.toLowerCase()));
  while (words.length < common.length + NAMES.length + tail) {
    let word = '';
    const length = 2 + Math.floor(random() * 3);
    for (let i = 0; i < length; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words;
}

function zipf(size: number, exponent = 1.07): Float64Array {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    total += 1 / Math.pow(i + 1, exponent);
    cumulative[i] = total;
  }
  for (let i = 0; i < size; i++) cumulative[i] = (cumulative[i] ?? 0) / total;
  return cumulative;
}

function pick(cumulative: Float64Array, r: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] ?? 1) < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface CorpusOptions {
  count: number;
  seed?: number;
  /** Share of French documents (default 0.3). */
  frenchShare?: number;
  /** Approximate size of a document's text in bytes (default 3,000). */
  textBytes?: number;
  /** Id prefix, to make several disjoint corpora. */
  prefix?: string;
}

export function corpus(options: CorpusOptions): SearchDoc[] {
  const random = mulberry32(options.seed ?? 1);
  const frenchShare = options.frenchShare ?? 0.3;
  const textBytes = options.textBytes ?? 3000;
  const tail = Math.min(60_000, 2_000 + options.count * 2);
  const en = vocabulary(random, ENGLISH, tail);
  const fr = vocabulary(random, FRENCH, tail);
  const enZipf = zipf(en.length);
  const frZipf = zipf(fr.length);
  const docs: SearchDoc[] = [];
  for (let i = 0; i < options.count; i++) {
    const french = random() < frenchShare;
    const words = french ? fr : en;
    const weights = french ? frZipf : enZipf;
    const word = () => words[pick(weights, random())] as string;
    const sentence = () => {
      const length = 8 + Math.floor(random() * 14);
      const parts: string[] = [];
      for (let w = 0; w < length; w++) parts.push(word());
      const text = parts.join(' ');
      return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
    };
    let text = '';
    while (text.length < textBytes) text += (text && random() < 0.2 ? '\n\n' : ' ') + sentence();
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const year = 2019 + Math.floor(random() * 5);
    docs.push({
      id: `${options.prefix ?? 'doc'}-${i}`,
      kind: random() < 0.8 ? 'source' : 'note',
      title: Array.from({ length: 5 + Math.floor(random() * 6) }, word).join(' '),
      text: text.trim(),
      tags: [NAMES[Math.floor(random() * 12)] as string],
      date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      language: french ? 'fr' : 'en',
      stamp: i,
    });
  }
  return docs;
}
