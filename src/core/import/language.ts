/**
 * The language of a text, by trigram statistics (franc). Returns a two-letter BCP 47 code, or
 * an empty string when the text is too short or its language is not one franc tells apart well.
 */
import { franc } from 'franc-min';

const TWO_LETTER: Readonly<Record<string, string>> = {
  eng: 'en',
  fra: 'fr',
  spa: 'es',
  por: 'pt',
  deu: 'de',
  ita: 'it',
  nld: 'nl',
  arb: 'ar',
  rus: 'ru',
  tur: 'tr',
  hau: 'ha',
  swh: 'sw',
};

const CANDIDATES = Object.keys(TWO_LETTER);

/**
 * Below this many letters the statistics are not worth trusting: one short English sentence
 * about Timbuktu scored as French. Two sentences are enough.
 */
export const MIN_LETTERS = 100;
const SAMPLE = 20_000;

export function detectLanguage(text: string): string {
  const sample = text.slice(0, SAMPLE);
  if ((sample.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS) return '';
  // Only the languages named above: a short English report must not come out as Scots.
  return TWO_LETTER[franc(sample, { minLength: MIN_LETTERS, only: CANDIDATES })] ?? '';
}
