/**
 * Text analysis: how words become index terms. lunr supplies the language processing
 * (trimmers, stop words, the Porter stemmer for English and lunr-languages' Snowball stemmer
 * for French); this module chooses the pipeline by a document's language and folds accents
 * and typographic apostrophes so that `Segou` finds `Ségou`.
 *
 * Tokens are split exactly as lunr's tokenizer splits them (white space and hyphens, lower
 * case), without its per-token metadata, and each distinct token's terms are memoised: in a
 * news archive the same few thousand words make up most of the text.
 */
import lunr from 'lunr';
import stemmerSupport from 'lunr-languages/lunr.stemmer.support.js';
import french from 'lunr-languages/lunr.fr.js';
import { foldForSearch } from '../text/fold';

stemmerSupport(lunr);
french(lunr);

export type AnalyzerLanguage = 'en' | 'fr';
export const ANALYZER_LANGUAGES: readonly AnalyzerLanguage[] = ['en', 'fr'];

const foldToken: lunr.PipelineFunction = (token) => token.update((s) => foldForSearch(s));
lunr.Pipeline.registerFunction(foldToken, 'fieldbookFold');

const fr = (
  lunr as unknown as { fr: Record<'trimmer' | 'stopWordFilter' | 'stemmer', lunr.PipelineFunction> }
).fr;

function pipeline(...fns: lunr.PipelineFunction[]): lunr.Pipeline {
  const p = new lunr.Pipeline();
  p.add(...fns);
  return p;
}

// French stop words are listed with their accents, and the French stemmer reads accents
// ("attaquée" and "attaques" share the stem "attaqu"), so French folds last.
const INDEX_PIPELINES: Record<AnalyzerLanguage, lunr.Pipeline> = {
  en: pipeline(foldToken, lunr.trimmer, lunr.stopWordFilter, lunr.stemmer),
  fr: pipeline(fr.trimmer, fr.stopWordFilter, fr.stemmer, foldToken),
};
// Queries keep stop words (a lone "la" is still a search) but are trimmed like the text.
const QUERY_PIPELINES: Record<AnalyzerLanguage, lunr.Pipeline> = {
  en: pipeline(foldToken, lunr.trimmer, lunr.stemmer),
  fr: pipeline(fr.trimmer, fr.stemmer, foldToken),
};

/** The analyzer language for a document's language code: French for `fr…`, English otherwise. */
export function analyzerFor(language: string | undefined): AnalyzerLanguage {
  return language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

const SEPARATOR = /[\s-]+/;

/** lunr's tokenization: lower case, split on white space and hyphens. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(SEPARATOR)
    .filter((t) => t !== '');
}

const MEMO_LIMIT = 200_000;

class Memo {
  #map = new Map<string, readonly string[]>();
  constructor(readonly pipe: lunr.Pipeline) {}
  terms(token: string): readonly string[] {
    let terms = this.#map.get(token);
    if (!terms) {
      terms = this.pipe.runString(token).filter((t) => t !== '');
      if (this.#map.size >= MEMO_LIMIT) this.#map.clear();
      this.#map.set(token, terms);
    }
    return terms;
  }
}

const indexMemos: Record<AnalyzerLanguage, Memo> = {
  en: new Memo(INDEX_PIPELINES.en),
  fr: new Memo(INDEX_PIPELINES.fr),
};
const queryMemos: Record<AnalyzerLanguage, Memo> = {
  en: new Memo(QUERY_PIPELINES.en),
  fr: new Memo(QUERY_PIPELINES.fr),
};

/** The index terms of a text, in order, as lunr's pipeline for `language` produces them. */
export function analyze(text: string, language: AnalyzerLanguage): string[] {
  const memo = indexMemos[language];
  const out: string[] = [];
  for (const token of tokenize(text)) for (const term of memo.terms(token)) out.push(term);
  return out;
}

/** The index terms of one word of a stored text (for highlighting). */
export function termsOfWord(word: string, language: AnalyzerLanguage): readonly string[] {
  return indexMemos[language].terms(word.toLowerCase());
}

/** The terms a query word stands for, in each of the `languages` searched. */
export function queryTerms(word: string, languages: readonly AnalyzerLanguage[]): string[] {
  const terms = new Set<string>();
  for (const language of languages) for (const term of queryMemos[language].terms(word)) terms.add(term);
  return [...terms];
}

export { lunr };
