/**
 * Phrases and proximity, matched on analysed terms as Lucene matches them: each word of the
 * phrase is folded and stemmed in the language of the document it is checked against, a stop
 * word of that language keeps its place but matches any word, and the document's own terms
 * are taken at their positions (see analysis.ts). So `"militants attack"` holds "militants
 * attacked", and `"a gunman opened"` an English text however many French texts hold "a".
 *
 * The index keeps no positions: a candidate's stored title and text are analysed again when a
 * phrase is checked. Most candidates are ruled out before that by a signature of the pairs of
 * terms each document holds near one another.
 */
import { termsOfWord, positionsOf, type AnalyzerLanguage } from './analysis';
import { foldForSearch } from '../text/fold';

/** Positions between a title and its text: none, the title reads as the text's first line. */
export const TITLE_GAP = 0;

/** Words to find near one another: `"bus attack"~5`. */
export interface Near {
  words: string[];
  /** How many other words may stand among them. */
  slop: number;
}

/**
 * A phrase as one language reads it: the terms of each word that is not a stop word (any of
 * them matches), at their offsets from its first word.
 */
export interface AnalysedPhrase {
  terms: (readonly string[])[];
  offsets: number[];
  /** The phrase's words, for a phrase made only of stop words (then matched as written). */
  words: string[];
  /** For proximity: how many other words may stand among them; undefined for a phrase. */
  slop?: number;
}

/** A phrase's (or proximity's) words as `language` analyses them. */
export function analysePhrase(
  words: readonly string[],
  language: AnalyzerLanguage,
  slop?: number,
): AnalysedPhrase {
  const terms: (readonly string[])[] = [];
  const offsets: number[] = [];
  words.forEach((word, i) => {
    const found = termsOfWord(word, language);
    if (found.length) {
      terms.push(found);
      offsets.push(i);
    }
  });
  return { terms, offsets, words: [...words], ...(slop !== undefined ? { slop } : {}) };
}

function includes(sorted: readonly number[], value: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = sorted[mid] as number;
    if (at === value) return true;
    if (at < value) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

function holdsPhrase(positions: Map<string, number[]>, phrase: AnalysedPhrase): boolean {
  const [first, ...rest] = phrase.terms;
  if (first === undefined) return true;
  const base = phrase.offsets[0] as number;
  const at = (alternatives: readonly string[], position: number) =>
    alternatives.some((term) => includes(positions.get(term) ?? [], position));
  for (const start of first.flatMap((term) => positions.get(term) ?? [])) {
    let matched = true;
    for (let i = 0; i < rest.length && matched; i++)
      matched = at(rest[i] as readonly string[], start - base + (phrase.offsets[i + 1] as number));
    if (matched) return true;
  }
  return false;
}

/**
 * Whether every term stands within a run of the phrase's own number of words plus `slop`, in
 * any order: `"attack convoy"~3` holds "the convoy came under attack".
 */
function holdsNear(positions: Map<string, number[]>, phrase: AnalysedPhrase): boolean {
  // One slot per distinct word (its terms are alternatives).
  const seen = new Map<string, readonly string[]>();
  for (const alternatives of phrase.terms) seen.set(alternatives.join(' '), alternatives);
  const distinct = [...seen.values()];
  if (distinct.length === 0) return true;
  const span = phrase.words.length - 1 + (phrase.slop ?? 0);
  const found: { at: number; term: number }[] = [];
  distinct.forEach((alternatives, t) => {
    for (const term of alternatives) for (const at of positions.get(term) ?? []) found.push({ at, term: t });
  });
  found.sort((a, b) => a.at - b.at);
  // The narrowest run holding every term, by a sliding window over the occurrences.
  const inWindow = new Array<number>(distinct.length).fill(0);
  let held = 0;
  let left = 0;
  for (const right of found) {
    const entering = (inWindow[right.term] ?? 0) + 1;
    inWindow[right.term] = entering;
    if (entering === 1) held++;
    while (held === distinct.length) {
      const first = found[left] as (typeof found)[number];
      if (right.at - first.at <= span) return true;
      const leaving = (inWindow[first.term] ?? 0) - 1;
      inWindow[first.term] = leaving;
      if (leaving === 0) held--;
      left++;
    }
  }
  return false;
}

const isWordChar = (text: string, at: number): boolean => {
  const c = text.charCodeAt(at);
  if (Number.isNaN(c)) return false;
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return /[\p{L}\p{M}\p{N}]/u.test(text.charAt(at));
};

/**
 * Whether folded `words` stand in folded `text` one after the other: for a phrase made only of
 * stop words (`"la"`), which has no terms to match.
 */
function holdsWords(text: string, words: readonly string[]): boolean {
  const [first, ...rest] = words;
  if (!first) return true;
  for (let at = text.indexOf(first); at >= 0; at = text.indexOf(first, at + 1)) {
    if (isWordChar(text, at - 1)) continue;
    let cursor = at + first.length;
    let matched = true;
    for (const word of rest) {
      const gap = cursor;
      while (cursor < text.length && !isWordChar(text, cursor)) cursor++;
      if (cursor === gap || !text.startsWith(word, cursor)) {
        matched = false;
        break;
      }
      cursor += word.length;
    }
    if (matched && !isWordChar(text, cursor)) return true;
  }
  return false;
}

/**
 * A test for whether a document of `language` holds every phrase (analysed in that language),
 * prepared once per query: the terms to look for, their first letters, the words of phrases
 * made only of stop words.
 */
export function phraseCheck(
  phrases: readonly AnalysedPhrase[],
  language: AnalyzerLanguage,
): (title: string, text: string) => boolean {
  if (phrases.length === 0) return () => true;
  const wanted = new Set(phrases.flatMap((p) => p.terms.flat()));
  const initials = new Set([...wanted].map((term) => term.charAt(0)));
  const literal = phrases
    .filter((p) => p.terms.length === 0)
    .map((p) => p.words.map((w) => foldedForMatch(w)));
  // One term with stop words around it (`"the attack"`): the term is required, which is all
  // such a phrase asks once its stop words are gaps, as in Lucene.
  const positional = phrases.filter((p) => p.terms.length > 1);
  return (title, text) => {
    if (literal.length) {
      const folded = foldedForMatch(`${title}\n${text}`);
      if (!literal.every((words) => holdsWords(folded, words))) return false;
    }
    if (positional.length === 0) return true;
    const positions = new Map<string, number[]>();
    const end = positionsOf(title, language, 0, wanted, initials, positions);
    positionsOf(text, language, end + TITLE_GAP, wanted, initials, positions);
    return positional.every((phrase) =>
      phrase.slop !== undefined ? holdsNear(positions, phrase) : holdsPhrase(positions, phrase),
    );
  };
}

const foldedChars = new Map<string, string>();

/**
 * Text folded for matching as written, character by character: most characters are ASCII and
 * only change case; the few others are folded once and remembered (é → e, ’ → ').
 */
export function foldedForMatch(text: string): string {
  return text.toLowerCase().replace(/[\u0080-\uffff]/g, (c) => {
    let folded = foldedChars.get(c);
    if (folded === undefined) {
      folded = foldForSearch(c).toLowerCase();
      foldedChars.set(c, folded);
    }
    return folded;
  });
}

/**
 * Term-pair signatures, to rule out most documents before a phrase is checked against their
 * text. Each document keeps a small Bloom filter (PAIR_BYTES) of the pairs of terms that stand
 * at most PAIR_REACH positions apart in its title and text, with their distance; a phrase whose
 * pairs of neighbouring terms are not all set cannot be there, and the document's text is
 * neither decoded nor analysed. A phrase in the text always has its pairs set: no match is
 * ever ruled out.
 */
export const PAIR_BYTES = 512;
const PAIR_BITS = PAIR_BYTES * 8;
/** The farthest apart two terms of a pair may be (one stop word between them). */
export const PAIR_REACH = 2;

const BITS_PER_PAIR = 3;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function termHash(term: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), FNV_PRIME);
  return h;
}

/** The two bits of the pair of terms hashed `a` and `b`, `distance` positions apart. */
function pairBitsOf(a: number, b: number, distance: number): number[] {
  const h = Math.imul(Math.imul(a, 0x9e3779b1) ^ b ^ Math.imul(distance, 0x27d4eb2f), FNV_PRIME) >>> 0;
  const g = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  // Three bits from two hashes (Kirsch and Mitzenmacher): fewer false passes than two bits.
  return [h % PAIR_BITS, g % PAIR_BITS, (h + 2 * g) % PAIR_BITS];
}

/** The signature of a document, from its terms at their positions (in order of position). */
export function pairSignature(terms: readonly string[], positions: readonly number[]): Uint8Array {
  const bits = new Uint8Array(PAIR_BYTES);
  const hashes = terms.map(termHash);
  for (let j = 0; j < terms.length; j++)
    for (let i = j - 1; i >= 0; i--) {
      const distance = (positions[j] as number) - (positions[i] as number);
      if (distance > PAIR_REACH) break;
      if (distance === 0) continue;
      for (const x of pairBitsOf(hashes[i] as number, hashes[j] as number, distance))
        bits[x >> 3] = (bits[x >> 3] as number) | (1 << (x & 7));
    }
  return bits;
}

/**
 * What every document holding the phrase has set in its signature: one check per pair of
 * neighbouring words, each a list of bit pairs of which at least one is set (a French word's
 * two terms make several).
 */
export function phrasePairBits(phrase: AnalysedPhrase): number[][] {
  const out: number[][] = [];
  if (phrase.slop !== undefined) return out;
  for (let i = 1; i < phrase.terms.length; i++) {
    const distance = (phrase.offsets[i] as number) - (phrase.offsets[i - 1] as number);
    if (distance > PAIR_REACH) continue;
    const check: number[] = [];
    for (const a of phrase.terms[i - 1] as readonly string[])
      for (const b of phrase.terms[i] as readonly string[])
        check.push(...pairBitsOf(termHash(a), termHash(b), distance));
    out.push(check);
  }
  return out;
}

const isSet = (signatures: Uint8Array, base: number, bit: number) =>
  ((signatures[base + (bit >> 3)] ?? 0) & (1 << (bit & 7))) !== 0;

/** Whether a signature (the `at`-th of PAIR_BYTES in `signatures`) passes every check. */
export function mayHoldPairs(signatures: Uint8Array, at: number, checks: readonly number[][]): boolean {
  const base = at * PAIR_BYTES;
  return checks.every((check) => {
    for (let i = 0; i < check.length; i += BITS_PER_PAIR)
      if (
        isSet(signatures, base, check[i] as number) &&
        isSet(signatures, base, check[i + 1] as number) &&
        isSet(signatures, base, check[i + 2] as number)
      )
        return true;
    return false;
  });
}
