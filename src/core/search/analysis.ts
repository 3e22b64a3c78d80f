/**
 * Text analysis: how words become index terms, the same way for documents and queries. lunr
 * supplies the language processing (trimmers, stop words, the Porter stemmer for English and
 * lunr-languages' Snowball stemmer for French); this module adds what news in French and
 * English needs before stemming:
 *
 * - **Accents and ligatures fold** in both languages, before English is stemmed; a French word
 *   is stemmed folded (as lunr-languages' own French pipeline does) and, where Snowball reads
 *   it better with its accents, as written too: `majorite` finds « majorité », `attaques`
 *   finds « attaquée », `coeur` finds « cœur ».
 * - **Clitics** go: French elision before a vowel or h (l’armée → armée, d’Ogossagou,
 *   qu’il, jusqu’à, lorsqu’, puisqu’), English possessives (Mali’s, soldiers’), and any other
 *   apostrophe inside a word (Jama’at → jamaat, N’tahaka → ntahaka: a consonant follows, so
 *   this is a name, not an elision). Both rules apply to every document: Sahel reporting in
 *   English quotes French names, and French reporting quotes English ones.
 * - **Compounds** are indexed as their parts and joined (Lucene's catenation): Al-Mourabitoun
 *   gives `al`, `mourabitoun` and `almourabitoun`, and so does "Al Mourabitoun" — the Arabic
 *   article al/el is written apart, hyphenated or joined to the name that follows it.
 *
 * Each word of a text has a position; a stop word keeps its position but gives no term, and a
 * joined compound stands at the position of its first part. Phrases are matched on these
 * positions (see phrase.ts). Each distinct token's terms are memoised: in a news archive the
 * same few thousand words make up most of the text.
 */
import lunr from 'lunr';
import stemmerSupport from 'lunr-languages/lunr.stemmer.support.js';
import french from 'lunr-languages/lunr.fr.js';
import { foldForSearch } from '../text/fold';

stemmerSupport(lunr);
french(lunr);

export type AnalyzerLanguage = 'en' | 'fr';
export const ANALYZER_LANGUAGES: readonly AnalyzerLanguage[] = ['en', 'fr'];

/** One bit per analyzer language, to say which documents a query term may match. */
export const LANGUAGE_BIT: Readonly<Record<AnalyzerLanguage, number>> = { en: 1, fr: 2 };
export const ALL_LANGUAGES = LANGUAGE_BIT.en | LANGUAGE_BIT.fr;

/** The Arabic article, written apart from the name it belongs to ("Al Mourabitoun"). */
const ARTICLES = new Set(['al', 'el']);

const APOSTROPHES = /[\u2018\u2019\u02BC\u2032\u00B4\u201B]/g;
const ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'(?=[aeiouyhàâäæéèêëîïôöœùûüÿ])/;

/**
 * A lower-case word without its clitics: French elision before a vowel or h, an English
 * possessive, and the apostrophes left inside it (`l'armée` → `armée`, `mali's` → `mali`,
 * `jama'at` → `jamaat`, `n'tahaka` → `ntahaka`).
 */
export function stripClitics(word: string): string {
  const plain = word.replace(APOSTROPHES, "'");
  if (!plain.includes("'")) return plain;
  return plain.replace(ELISION, '').replace(/'s$/, '').replace(/'/g, '');
}

const foldToken: lunr.PipelineFunction = (token) => token.update((s) => foldForSearch(s));
lunr.Pipeline.registerFunction(foldToken, 'fieldbookFold');
const cliticToken: lunr.PipelineFunction = (token) => {
  const word = stripClitics(token.toString());
  return word ? token.update(() => word) : null;
};
lunr.Pipeline.registerFunction(cliticToken, 'fieldbookClitics');

/** The Arabic article is no more a word of the name than "the": al-Qaida is found by qaida. */
const articleFilter: lunr.PipelineFunction = (token) => (ARTICLES.has(token.toString()) ? null : token);
lunr.Pipeline.registerFunction(articleFilter, 'fieldbookArticles');

const fr = (
  lunr as unknown as {
    fr: Record<'trimmer' | 'stopWordFilter', lunr.PipelineFunction> & {
      stemmer: (token: lunr.Token) => lunr.Token;
    };
  }
).fr;

function pipeline(...fns: lunr.PipelineFunction[]): lunr.Pipeline {
  const p = new lunr.Pipeline();
  p.add(...fns);
  return p;
}

const PLURAL_AFTER_VOWEL = /^.{3,}[aiou]s$/;
const frenchStem = (word: string): string => fr.stemmer(new lunr.Token(word, {})).toString();

/**
 * French stems, accent-blind: the stem of the folded word (`majorite` and `majorité` are both
 * "majorit"), and, where it differs, the folded stem of the word as written, which Snowball
 * reads with its accents ("attaquée" is "attaqu", as "attaques" is). A query word gives the
 * same one or two terms, so an accent typed or left out finds the same documents.
 */
const frenchStems: lunr.PipelineFunction = (token) => {
  const word = token.toString();
  const folded = foldForSearch(word);
  const stems = new Set([frenchStem(folded), foldForSearch(frenchStem(word))]);
  // Snowball keeps the plural s after a vowel (convois, motos, katibas stay as written):
  // the singular's stem stands beside it, so that `convoi` finds « convois ».
  if (PLURAL_AFTER_VOWEL.test(folded)) stems.add(frenchStem(folded.slice(0, -1)));
  const [first, ...others] = [...stems];
  return others.length === 0
    ? token.update(() => first as string)
    : [first as string, ...others].map((stem) => token.clone(() => stem));
};
lunr.Pipeline.registerFunction(frenchStems, 'fieldbookFrenchStems');

// English trims \W, which includes accented letters: it folds first. French stop words are
// listed with their accents, so French folds after its stop words, as it stems.
const INDEX_PIPELINES: Record<AnalyzerLanguage, lunr.Pipeline> = {
  en: pipeline(foldToken, lunr.trimmer, cliticToken, lunr.stopWordFilter, articleFilter, lunr.stemmer),
  fr: pipeline(fr.trimmer, cliticToken, fr.stopWordFilter, articleFilter, frenchStems),
};
// Queries keep stop words (a lone "la" is still a search) but are trimmed like the text.
const QUERY_PIPELINES: Record<AnalyzerLanguage, lunr.Pipeline> = {
  en: pipeline(foldToken, lunr.trimmer, cliticToken, lunr.stemmer),
  fr: pipeline(fr.trimmer, cliticToken, frenchStems),
};

/** The analyzer language for a document's language code: French for `fr…`, English otherwise. */
export function analyzerFor(language: string | undefined): AnalyzerLanguage {
  return language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

const STARTS_WITH_LETTER = /^\p{L}/u;

/**
 * Tokens with positions, as lunr's tokenizer splits them (white space and hyphens, lower case),
 * plus the joined form of each compound at the position of its first part: `al-qaida` and
 * `al qaida` both give `alqaida` there as well.
 */
export function tokensOf(
  text: string,
  visit: (token: string, position: number, joined: boolean) => void,
): number {
  const chunks = text.toLowerCase().split(/\s+/);
  let position = 0;
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c] as string;
    if (chunk === '') continue;
    if (!chunk.includes('-')) {
      visit(chunk, position, false);
      const next = chunks[c + 1];
      if (ARTICLES.has(chunk) && next && STARTS_WITH_LETTER.test(next))
        visit(chunk + (next.split('-')[0] ?? ''), position, true);
      position++;
      continue;
    }
    const parts = chunk.split('-').filter((p) => p !== '');
    if (parts.length === 0) continue;
    if (parts.length > 1) visit(parts.join(''), position, true);
    for (const part of parts) visit(part, position++, false);
  }
  return position;
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
  tokensOf(text, (token) => {
    for (const term of memo.terms(token)) out.push(term);
  });
  return out;
}

/**
 * The terms of a text at their positions, from `start`: `terms[i]` stands at `positions[i]`,
 * and a French word may have two terms at one position (joined compounds are left out:
 * phrases match their parts). `all`, when given, receives every
 * index term, joined compounds included. Returns the next free position.
 */
export function analyzePositions(
  text: string,
  language: AnalyzerLanguage,
  start: number,
  terms: string[],
  positions: number[],
  all?: string[],
): number {
  const memo = indexMemos[language];
  return (
    start +
    tokensOf(text, (token, position, joined) => {
      const found = memo.terms(token);
      if (all) for (const term of found) all.push(term);
      if (joined) return;
      for (const term of found) {
        terms.push(term);
        positions.push(start + position);
      }
    })
  );
}

const foldedInitials = new Map<string, string>();

/** White space as `\s` reads it, by character code. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return (
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * The letter the terms of text[from, to) begin with: its first letter or digit, lower case and
 * folded (« École » → e), when that is a–z or 0–9. Stemming changes the end of a word, never
 * its start, so a word whose initial begins no term sought need not be analysed. '' when the
 * terms may begin otherwise, and the word must be analysed: it holds an apostrophe (an elision
 * takes letters off its front), or its first letter folds to none of a–z (English trims such a
 * letter off: « Øresund » is `resund`).
 */
export function initialAt(text: string, from = 0, to = text.length): string {
  let initial: string | undefined;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 39 || c === 0x2019 || c === 0x2018 || c === 0x02bc) return '';
    if (initial !== undefined) continue;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) initial = text.charAt(i);
    else if (c >= 65 && c <= 90) initial = String.fromCharCode(c + 32);
    else if (c >= 128) {
      const char = text.charAt(i);
      let folded = foldedInitials.get(char);
      if (folded === undefined) {
        folded = /[\p{L}\p{N}]/u.test(char) ? foldForSearch(char.toLowerCase()).charAt(0) : '';
        foldedInitials.set(char, folded);
      }
      if (folded !== '') initial = /^[a-z0-9]$/.test(folded) ? folded : '';
    }
  }
  return initial ?? '';
}

/**
 * Where the `wanted` terms stand in a text, from `start`, added to `into` in order: the
 * positions `tokensOf` gives, joined compounds left out as in `analyzePositions`. A word
 * whose first letter begins no wanted term keeps its place but is not analysed, and nothing
 * is copied for it: a phrase is checked this way against every candidate's whole text.
 * Returns the next free position.
 */
export function positionsOf(
  text: string,
  language: AnalyzerLanguage,
  start: number,
  wanted: ReadonlySet<string>,
  /** The first letters of the wanted terms. */
  initials: ReadonlySet<string>,
  into: Map<string, number[]>,
): number {
  const memo = indexMemos[language];
  const n = text.length;
  let position = 0;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    let end = i;
    while (end < n && !isSpace(text.charCodeAt(end))) end++;
    // The chunk [i, end), in parts between hyphens; each part is one position.
    for (let from = i; from < end;) {
      let to = from;
      while (to < end && text.charCodeAt(to) !== 45) to++;
      if (to > from) {
        const initial = initialAt(text, from, to);
        if (initial === '' || initials.has(initial))
          for (const term of memo.terms(text.slice(from, to).toLowerCase())) {
            if (!wanted.has(term)) continue;
            const list = into.get(term);
            if (list) list.push(start + position);
            else into.set(term, [start + position]);
          }
        position++;
      }
      from = to + 1;
    }
    i = end;
  }
  return start + position;
}

/**
 * The index terms of one word (of a stored text, for highlighting; of a phrase, to match it):
 * none for a stop word, which keeps its place in a phrase but matches any word there.
 */
export function termsOfWord(word: string, language: AnalyzerLanguage): readonly string[] {
  return indexMemos[language].terms(word.toLowerCase());
}

export interface QueryTerm {
  term: string;
  /** The languages (LANGUAGE_BIT) whose documents the term is looked for in. */
  languages: number;
}

/**
 * The terms a query word stands for, in each of the `languages` searched: each is looked for
 * only in the documents of the language that analysed it, so the French stem of `knife`
 * (`knif`) does not find the English "knifed".
 */
export function queryTerms(word: string, languages: readonly AnalyzerLanguage[]): QueryTerm[] {
  // Documents in a language the query is not analysed in are matched by every analysis.
  const others = languages.reduce((bits, language) => bits & ~LANGUAGE_BIT[language], ALL_LANGUAGES);
  const terms = new Map<string, number>();
  for (const language of languages)
    for (const term of queryMemos[language].terms(word))
      terms.set(term, (terms.get(term) ?? others) | LANGUAGE_BIT[language]);
  return [...terms].map(([term, bits]) => ({ term, languages: bits }));
}

export { lunr };
