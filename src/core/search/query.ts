/**
 * Queries: lunr's query language, parsed by lunr's own QueryParser, evaluated over all
 * segments with lunr's semantics (required `+`, prohibited `-`, field `title:`, wildcard,
 * fuzzy `~n`, boost `^n`) and lunr's BM25 scoring — but with term statistics taken over the
 * whole corpus, so that the score of a document does not depend on the segment holding it.
 *
 * Added to lunr's language: "quoted phrases" and `"words near"~5` (their words are required,
 * and the phrase or proximity is then checked against the stored text), words in both English and French forms, and
 * thesaurus entities (a word that names an entity also matches the entity's other names).
 */
import {
  ALL_LANGUAGES,
  ANALYZER_LANGUAGES,
  LANGUAGE_BIT,
  termsOfWord,
  queryTerms,
  stripClitics,
  tokensOf,
  type AnalyzerLanguage,
  type QueryTerm,
} from './analysis';
import { lunrApi, PRESENCE, type Clause } from './lunr-api';
import { FIELD_BOOST, FIELD_COUNT, FIELDS, type Segment } from './segment';
import type { Thesaurus } from './thesaurus';
import { foldForSearch } from '../text/fold';
import { analysePhrase, type AnalysedPhrase, type Near } from './phrase';

export const QUERY_FIELDS = ['title', 'text', 'tags'] as const;
const ENTITY_FIELD = FIELDS.indexOf('entity');

/** Every way a query can be malformed; each has a message in every catalogue (core/i18n/labels). */
export const QUERY_ERROR_CODES = [
  'unknownField',
  'missingTerm',
  'notANumber',
  'unclosedPhrase',
  'syntax',
] as const;
export type QueryErrorCode = (typeof QUERY_ERROR_CODES)[number];

export interface QueryError {
  code: QueryErrorCode;
  /** lunr's own wording. */
  detail: string;
  /** Character offsets in the query string. */
  start: number;
  end: number;
  field?: string;
}

interface Pair {
  term: string;
  field: number;
  /** The languages (LANGUAGE_BIT) of the documents it may match in. */
  languages: number;
}

/** One word that a document must match: by one of `pairs`, or by being in a language of `free`. */
export interface Required {
  pairs: Pair[];
  /** Languages in which the word is a stop word of a phrase, so any document of theirs passes. */
  free: number;
}

/** Where a term sits in each segment's vocabulary (its index there), -1 where it is absent. */
export type Locations = Map<string, Int32Array>;

export interface CompiledQuery {
  /**
   * The terms of the query, each located once in every segment (filled by `locate` as they
   * are met): scoring, idf and the required and prohibited clauses then need no more lookups.
   * A prefix such as `tar*` brings thousands of terms, and the lookups were a third of its cost.
   */
  located: Locations;
  /** Per field: term → summed clause boost (lunr's query vector). */
  vectors: Map<string, number>[];
  /** Term → the languages (LANGUAGE_BIT) of the documents it scores in. */
  languagesOf: Map<string, number>;
  required: Required[];
  prohibited: Pair[];
  /** Every clause is prohibited: all other documents match, unscored (as in lunr). */
  negated: boolean;
  /** A required clause matched no term anywhere: nothing can match. */
  impossible: boolean;
  /** Phrases and proximities to find in the stored text, as each language analyses them. */
  phrases: Record<AnalyzerLanguage, AnalysedPhrase[]>;
  /** Whether there is any phrase or proximity. */
  hasPhrases: boolean;
  /** Index terms and entities a document can match by, for highlighting. */
  matchTerms: Set<string>;
  matchEntities: Set<string>;
}

function parseError(error: unknown): QueryError | undefined {
  if (!(error instanceof lunrApi.QueryParseError)) return undefined;
  const { message, start, end } = error;
  const field = /unrecognised field '([^']*)'/.exec(message)?.[1];
  let code: QueryErrorCode = 'syntax';
  if (field !== undefined) code = 'unknownField';
  else if (/must be numeric/.test(message)) code = 'notANumber';
  else if (/expect(ing|ed)/.test(message)) code = 'missingTerm';
  return { code, detail: message, start, end, ...(field !== undefined ? { field } : {}) };
}

/** Global statistics over all segments, as one lunr index would compute them. */
export class CorpusStats {
  readonly documentCount: number;
  readonly averageFieldLength: Float64Array;
  #segments: readonly Segment[];
  #idf = new Map<string, number>();

  constructor(segments: readonly Segment[]) {
    this.#segments = segments;
    this.documentCount = segments.reduce((n, s) => n + s.docCount, 0);
    this.averageFieldLength = new Float64Array(FIELD_COUNT);
    for (const segment of segments)
      for (let f = 0; f < FIELD_COUNT; f++)
        this.averageFieldLength[f] = (this.averageFieldLength[f] ?? 0) + (segment.fieldLengthSums[f] ?? 0);
    for (let f = 0; f < FIELD_COUNT; f++)
      this.averageFieldLength[f] = this.documentCount
        ? (this.averageFieldLength[f] ?? 0) / this.documentCount
        : 0;
  }

  /** lunr.idf over all segments, given where the term sits in each (see `locate`). */
  idf(term: string, where: Int32Array): number {
    let idf = this.#idf.get(term);
    if (idf === undefined) {
      let withTerm = 0;
      this.#segments.forEach((segment, s) => {
        const t = where[s] ?? -1;
        if (t >= 0) withTerm += segment.documentFrequency(t);
      });
      const x = (this.documentCount - withTerm + 0.5) / (withTerm + 0.5);
      idf = Math.log(1 + Math.abs(x));
      this.#idf.set(term, idf);
    }
    return idf;
  }
}

/** Where `term` sits in every segment, looked up once per query and kept in `located`. */
export function locate(term: string, segments: readonly Segment[], located: Locations): Int32Array {
  let where = located.get(term);
  if (!where) {
    where = new Int32Array(segments.length);
    segments.forEach((segment, s) => ((where as Int32Array)[s] = segment.termIndex(term)));
    located.set(term, where);
  }
  return where;
}

/** The index terms a clause's term stands for (itself, or a wildcard's or fuzzy term's expansions). */
function expand(clause: Clause, term: string, segments: readonly Segment[], located: Locations): string[] {
  const star = term.indexOf('*');
  const trailingOnly = star === term.length - 1 && star > 0;
  const fuzzy = (clause.editDistance ?? 0) > 0;
  if (star < 0 && !fuzzy) return locate(term, segments, located).some((t) => t >= 0) ? [term] : [];
  const found = new Set<string>();
  if (trailingOnly && !fuzzy) {
    // The terms with a prefix are a run of each sorted vocabulary: their places are known
    // without a lookup. A term met for the first time is new to this clause too.
    const fresh: string[] = [];
    segments.forEach((segment, s) => {
      const [from, to] = segment.prefixRange(term.slice(0, -1));
      for (let i = from; i < to; i++) {
        const t = segment.terms[i] as string;
        let where = located.get(t);
        if (!where) {
          where = new Int32Array(segments.length).fill(-1);
          located.set(t, where);
          fresh.push(t);
        } else if (where[s] === i) found.add(t); // located before this clause
        where[s] = i;
      }
    });
    return found.size ? [...fresh, ...found] : fresh;
  }
  const automaton = lunrApi.TokenSet.fromClause({ ...clause, term });
  for (const segment of segments)
    for (const t of segment.tokenSet.intersect(automaton).toArray()) found.add(t);
  for (const t of found) locate(t, segments, located);
  return [...found];
}

/** A phrase's words as the index tokenizes them (white space and hyphens), compounds not joined. */
function phraseWords(inner: string): string[] {
  const words: string[] = [];
  tokensOf(inner, (token, _position, joined) => {
    if (!joined) words.push(token);
  });
  return words;
}

/**
 * Blanks out "quoted phrases" and `"words near"~5` (keeping every offset) and returns their
 * words; `badSlop` is where a `~` after a phrase has no number.
 */
function takePhrases(query: string): {
  rest: string;
  phrases: Near[];
  unclosed: number;
  badSlop: number;
} {
  const phrases: Near[] = [];
  let badSlop = -1;
  let rest = query.replace(
    /"([^"]*)"(~(\d*))?/g,
    (whole, inner: string, tilde?: string, slop?: string, at?: number) => {
      const words = phraseWords(inner);
      if (tilde && !slop && badSlop < 0) badSlop = (at ?? 0) + whole.length - 1;
      if (words.length > 1 && slop && Number(slop) > 0) phrases.push({ words, slop: Number(slop) });
      else if (words.length) phrases.push({ words, slop: 0 });
      return ' '.repeat(whole.length);
    },
  );
  const unclosed = rest.indexOf('"');
  if (unclosed >= 0) rest = rest.slice(0, unclosed) + ' '.repeat(rest.length - unclosed);
  return { rest, phrases, unclosed, badSlop };
}

/**
 * Compounds a query writes in parts, joined as the index joins them: `Al-Mourabitoun` and
 * `Al Mourabitoun` also search `almourabitoun` (a word left out with `-` is not joined).
 */
function joinedCompounds(rest: string): string[] {
  const joined = new Set<string>();
  const WORD = "[\\p{L}\\p{N}'’]+";
  const hyphenated = new RegExp(`(^|[\\s+(])(${WORD}(?:-${WORD})+)(?=$|[\\s)])`, 'gu');
  for (const match of rest.matchAll(hyphenated)) joined.add((match[2] ?? '').replace(/-/g, '').toLowerCase());
  const article = new RegExp(`(^|[\\s+(])(al|el)\\s+(${WORD})(?=$|[\\s)-])`, 'giu');
  for (const match of rest.matchAll(article)) joined.add(`${match[2] ?? ''}${match[3] ?? ''}`.toLowerCase());
  return [...joined];
}

const folded = (term: string) => stripClitics(foldForSearch(term).toLowerCase());

export function compileQuery(
  queryString: string,
  segments: readonly Segment[],
  languages: readonly AnalyzerLanguage[],
  thesaurus: Thesaurus | null,
): { query: CompiledQuery } | { error: QueryError } {
  const { rest, phrases, unclosed, badSlop } = takePhrases(queryString);
  if (unclosed >= 0)
    return {
      error: {
        code: 'unclosedPhrase',
        detail: 'a phrase has no closing quote',
        start: unclosed,
        end: queryString.length,
      },
    };

  if (badSlop >= 0)
    return {
      error: {
        code: 'notANumber',
        detail: 'a phrase followed by ~ needs a number of words, as in "bus attack"~5',
        start: badSlop,
        end: badSlop + 1,
      },
    };

  const parsed = new lunrApi.Query([...QUERY_FIELDS]);
  try {
    new lunrApi.QueryParser(rest, parsed).parse();
  } catch (error) {
    const parsedError = parseError(error);
    if (parsedError) return { error: parsedError };
    throw error;
  }

  const byLanguage = (make: (language: AnalyzerLanguage) => AnalysedPhrase[]) =>
    Object.fromEntries(ANALYZER_LANGUAGES.map((language) => [language, make(language)])) as Record<
      AnalyzerLanguage,
      AnalysedPhrase[]
    >;
  const compiled: CompiledQuery = {
    located: new Map(),
    vectors: FIELDS.map(() => new Map<string, number>()),
    languagesOf: new Map(),
    required: [],
    prohibited: [],
    negated: parsed.clauses.length > 0 && parsed.clauses.every((c) => c.presence === PRESENCE.PROHIBITED),
    impossible: false,
    phrases: byLanguage((language) =>
      phrases.map(({ words, slop }) => analysePhrase(words, language, slop > 0 ? slop : undefined)),
    ),
    hasPhrases: phrases.length > 0,
    matchTerms: new Set(),
    matchEntities: new Set(),
  };

  // Names of several words ("Support Group for Islam and Muslims") stand for their entity;
  // one-word names are handled clause by clause, where + and - apply to them.
  const foldedRest = foldForSearch(rest);
  const wholeQueryEntities = (thesaurus ? thesaurus.mentions(foldedRest) : []).filter((m) =>
    /[^\p{L}\p{M}\p{N}]/u.test(foldedRest.slice(m.start, m.end)),
  );
  const optional = new Set(
    parsed.clauses.filter((c) => c.presence !== PRESENCE.PROHIBITED).map((c) => c.term),
  );
  for (const word of joinedCompounds(rest))
    if (!optional.has(word)) parsed.term(word, { presence: PRESENCE.OPTIONAL, fields: [...QUERY_FIELDS] });

  const score = (pairs: readonly Pair[], boost: number) => {
    for (const { term, field, languages: bits } of pairs) {
      const vector = compiled.vectors[field] as Map<string, number>;
      vector.set(term, (vector.get(term) ?? 0) + boost);
      compiled.languagesOf.set(term, (compiled.languagesOf.get(term) ?? 0) | bits);
      if (field === ENTITY_FIELD) compiled.matchEntities.add(term);
      else compiled.matchTerms.add(term);
    }
  };
  const queryFields = QUERY_FIELDS.map((f) => FIELDS.indexOf(f));

  parsed.clauses.forEach((clause) => {
    const raw = clause.term;
    const terms: QueryTerm[] = clause.usePipeline
      ? queryTerms(raw, languages)
      : [{ term: folded(raw), languages: ALL_LANGUAGES }];
    const fields = (clause.fields ?? QUERY_FIELDS).map((f) => FIELDS.indexOf(f as (typeof FIELDS)[number]));
    const pairs: Pair[] = [];
    for (const { term, languages: bits } of terms)
      for (const expanded of expand(clause, term, segments, compiled.located))
        for (const field of fields) pairs.push({ term: expanded, field, languages: bits });
    // An entity stands in for a word searched in every field, not in one named field.
    if (clause.usePipeline && thesaurus && fields.length === QUERY_FIELDS.length)
      for (const entityId of thesaurus.entitiesOfWord(raw))
        pairs.push({ term: entityId, field: ENTITY_FIELD, languages: ALL_LANGUAGES });

    if (clause.presence === PRESENCE.PROHIBITED) {
      compiled.prohibited.push(...pairs);
      return;
    }
    if (clause.presence === PRESENCE.REQUIRED) {
      if (pairs.length === 0) compiled.impossible = true;
      compiled.required.push({ pairs, free: 0 });
    }
    score(pairs, clause.boost ?? 1);
  });

  // Each word of a phrase is required in the language of the document, unless it is a stop
  // word there: then it only keeps its place in the phrase.
  for (const { words } of phrases)
    for (const word of words) {
      const pairs: Pair[] = [];
      let free = 0;
      for (const language of ANALYZER_LANGUAGES) {
        const terms = termsOfWord(word, language);
        if (terms.length === 0) free |= LANGUAGE_BIT[language];
        for (const term of terms) {
          if (locate(term, segments, compiled.located).every((t) => t < 0)) continue;
          for (const field of queryFields) pairs.push({ term, field, languages: LANGUAGE_BIT[language] });
        }
      }
      if (pairs.length === 0 && free === 0) compiled.impossible = true;
      if (free !== ALL_LANGUAGES || pairs.length) compiled.required.push({ pairs, free });
      score(pairs, 1);
    }

  for (const mention of wholeQueryEntities) {
    const vector = compiled.vectors[ENTITY_FIELD] as Map<string, number>;
    if (!vector.has(mention.entityId)) vector.set(mention.entityId, 1);
    compiled.languagesOf.set(mention.entityId, ALL_LANGUAGES);
    compiled.matchEntities.add(mention.entityId);
  }
  return { query: compiled };
}

/**
 * Math.round for x ≥ 0, at about half its cost (it runs once per posting scored). x + 0.5 can
 * round up to the next integer when x is just below n + 0.5 (0.49999999999999994 + 0.5 is 1);
 * n − 0.5 is exact, so comparing with it takes that step back.
 */
export function roundPositive(x: number): number {
  const up = Math.floor(x + 0.5);
  return up - 0.5 > x ? up - 1 : up;
}

const K1 = 1.2;
const B = 0.75;

/** Per segment: the score of each matching live document (NaN where it does not match). */
export function scoreSegments(
  query: CompiledQuery,
  segments: readonly Segment[],
  stats: CorpusStats,
): Float64Array[] {
  const results = segments.map((segment) => new Float64Array(segment.docCount).fill(Number.NaN));
  if (query.impossible) return results;

  const magnitudes = query.vectors.map((vector) =>
    Math.sqrt([...vector.values()].reduce((n, q) => n + q * q, 0)),
  );
  // Per distinct term, once per query: its weight in each field's query vector, folded with
  // lunr's constants (idf, k1 + 1, the field boost, and the 1000 of its three-decimal
  // rounding); 0 where the field does not search it. A prefix such as `tar*` brings thousands
  // of rare terms, and the cost is then in the work per term, not per posting.
  const located: Int32Array[] = [];
  const termLanguages: number[] = [];
  const scales: number[] = [];
  const shares: number[] = [];
  const slot = new Map<string, number>();
  for (let f = 0; f < FIELD_COUNT; f++) {
    const vector = query.vectors[f] as Map<string, number>;
    const magnitude = magnitudes[f] ?? 0;
    if (magnitude === 0) continue;
    const boost = FIELD_BOOST[FIELDS[f] as (typeof FIELDS)[number]];
    vector.forEach((q, term) => {
      let at = slot.get(term);
      if (at === undefined) {
        at = located.length;
        slot.set(term, at);
        located.push(locate(term, segments, query.located));
        termLanguages.push(query.languagesOf.get(term) ?? ALL_LANGUAGES);
        for (let g = 0; g < FIELD_COUNT; g++) {
          scales.push(0);
          shares.push(0);
        }
      }
      scales[at * FIELD_COUNT + f] = stats.idf(term, located[at] as Int32Array) * (K1 + 1) * boost * 1000;
      shares[at * FIELD_COUNT + f] = q / magnitude;
    });
  }
  // lunr's BM25: idf · (k1 + 1)·tf / (k1·(1 − b + b·length/average) + tf), times the field boost.
  const lengthFree = K1 * (1 - B);
  const perLength = Array.from(
    { length: FIELD_COUNT },
    (_, f) => (K1 * B) / (stats.averageFieldLength[f] || 1),
  );

  // A local copy: an imported binding may be read through a getter in the innermost loop.
  const fieldCount = FIELD_COUNT;
  segments.forEach((segment, s) => {
    const scores = results[s] as Float64Array;
    const { postingStart, postingDocs, postingTfs, fieldLengths, deleted } = segment;
    const docLanguages = segment.analyzers;
    for (let k = 0; k < located.length; k++) {
      const t = (located[k] as Int32Array)[s] as number;
      if (t < 0) continue;
      const bits = termLanguages[k] as number;
      // Most terms are the same in every language: only the others test each document's.
      const anyLanguage = (bits & segment.languagesPresent) === segment.languagesPresent;
      for (let f = 0; f < FIELD_COUNT; f++) {
        const share = shares[k * FIELD_COUNT + f] as number;
        if (share === 0) continue;
        const from = postingStart[t * FIELD_COUNT + f] as number;
        const to = postingStart[t * FIELD_COUNT + f + 1] as number;
        if (from === to) continue;
        const scale = scales[k * FIELD_COUNT + f] as number;
        const lengthCost = perLength[f] as number;
        for (let i = from; i < to; i++) {
          const doc = postingDocs[i] as number;
          if (!anyLanguage && ((docLanguages[doc] as number) & bits) === 0) continue;
          const tf = postingTfs[i] as number;
          const length = fieldLengths[doc * fieldCount + f] as number;
          // lunr rounds each field's weight to three decimals.
          const weight = roundPositive((scale * tf) / (lengthFree + lengthCost * length + tf)) / 1000;
          const previous = scores[doc] as number;
          // NaN marks "no match yet" (NaN !== NaN).
          scores[doc] = (previous === previous ? previous : 0) + share * weight;
        }
      }
    }
    // Deleted documents were scored with the rest (one test fewer per posting); they go here.
    for (let d = 0; d < segment.docCount; d++) if (deleted[d]) scores[d] = Number.NaN;
    if (query.negated) for (let d = 0; d < segment.docCount; d++) if (!deleted[d]) scores[d] = 0;

    const mark = (pairs: readonly Pair[], into: Uint8Array) => {
      for (const { term, field, languages: bits } of pairs) {
        const t = locate(term, segments, query.located)[s] as number;
        if (t < 0) continue;
        const from = segment.postingStart[t * FIELD_COUNT + field] ?? 0;
        const to = segment.postingStart[t * FIELD_COUNT + field + 1] ?? 0;
        for (let i = from; i < to; i++) {
          const doc = segment.postingDocs[i] ?? 0;
          if (((docLanguages[doc] as number) & bits) !== 0) into[doc] = 1;
        }
      }
    };
    if (query.prohibited.length) {
      const prohibited = new Uint8Array(segment.docCount);
      mark(query.prohibited, prohibited);
      for (let d = 0; d < segment.docCount; d++) if (prohibited[d]) scores[d] = Number.NaN;
    }
    for (const clause of query.required) {
      const matched = new Uint8Array(segment.docCount);
      mark(clause.pairs, matched);
      if (clause.free)
        for (let d = 0; d < segment.docCount; d++)
          if ((docLanguages[d] as number) & clause.free) matched[d] = 1;
      for (let d = 0; d < segment.docCount; d++) if (!matched[d]) scores[d] = Number.NaN;
    }
  });
  return results;
}
