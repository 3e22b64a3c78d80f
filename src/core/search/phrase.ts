/**
 * Phrases: checked against the stored text, since the index keeps no positions; and ruled
 * out early, for most documents, by a signature of the word pairs each one holds.
 */
import { foldForSearch } from '../text/fold';

const foldedChars = new Map<string, string>();

/**
 * Text folded for phrase matching, character by character: most characters are ASCII and
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

const isWordChar = (text: string, at: number): boolean => {
  const c = text.charCodeAt(at);
  if (Number.isNaN(c)) return false;
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return /[\p{L}\p{M}\p{N}]/u.test(text.charAt(at));
};

/** Whether `words` stand in `text` one after the other, separated by anything but letters. */
function holdsPhrase(text: string, words: readonly string[]): boolean {
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

/** Words to find near one another: `"bus attack"~5`. */
export interface Near {
  words: string[];
  /** How many other words may stand among them. */
  slop: number;
}

/**
 * Whether all of `words` stand in `text` within a run of their own number plus `slop` words,
 * in any order: `"attack convoy"~3` holds "the convoy came under attack". Words are counted as
 * runs of letters and digits; a phrase word must stand whole.
 */
function holdsNear(text: string, words: readonly string[], slop: number): boolean {
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) if (isWordChar(text, i) && !isWordChar(text, i - 1)) starts.push(i);
  const ordinalOf = (at: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= at) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  const distinct = [...new Set(words)];
  const found: { ordinal: number; word: number }[] = [];
  distinct.forEach((word, w) => {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1))
      if (!isWordChar(text, at - 1) && !isWordChar(text, at + word.length))
        found.push({ ordinal: ordinalOf(at), word: w });
  });
  found.sort((a, b) => a.ordinal - b.ordinal);
  // The narrowest run holding every word, by a sliding window over the occurrences.
  const inWindow = new Array<number>(distinct.length).fill(0);
  let held = 0;
  let left = 0;
  for (const right of found) {
    const entering = (inWindow[right.word] ?? 0) + 1;
    inWindow[right.word] = entering;
    if (entering === 1) held++;
    while (held === distinct.length) {
      const first = found[left] as (typeof found)[number];
      if (right.ordinal - first.ordinal <= distinct.length - 1 + slop) return true;
      const leaving = (inWindow[first.word] ?? 0) - 1;
      inWindow[first.word] = leaving;
      if (leaving === 0) held--;
      left++;
    }
  }
  return false;
}

/** A test for whether a stored text holds every phrase, word after word, and every `near`. */
export function phraseMatcher(
  phrases: readonly string[][],
  near: readonly Near[] = [],
): (text: string) => boolean {
  if (phrases.length === 0 && near.length === 0) return () => true;
  return (text) => {
    const folded = foldedForMatch(text);
    return (
      phrases.every((words) => holdsPhrase(folded, words)) &&
      near.every(({ words, slop }) => holdsNear(folded, words, slop))
    );
  };
}

/**
 * Adjacent-word signatures, to rule out most documents before a phrase is checked against
 * their text. Each document keeps a small Bloom filter (PAIR_BYTES) of the pairs of words that
 * stand next to each other in its folded title and text; a phrase whose adjacent pairs are not
 * all set cannot be there, and the document's text is neither decoded nor scanned. Words are
 * runs of a–z and 0–9 in the text folded exactly as the phrase check folds it, so a phrase of
 * such words that is in the text always has its pairs set (no match is ever ruled out); a
 * phrase word with other characters is left to the text check alone.
 */
export const PAIR_BYTES = 512;
const PAIR_BITS = PAIR_BYTES * 8;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function wordHash(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Sets the two bits of the pair of words hashed `a` and `b` (or lists them in `out`). */
function pairBitsOf(a: number, b: number): [number, number] {
  const h = Math.imul(Math.imul(a, 0x9e3779b1) ^ b, FNV_PRIME) >>> 0;
  return [h % PAIR_BITS, (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0) % PAIR_BITS];
}

const isPlain = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/**
 * The signature of a document's `title\ntext`, as the phrase check reads it: one pass over the
 * folded text, hashing each run of a–z and 0–9 as it goes, with no word cut out.
 */
export function pairSignature(text: string): Uint8Array {
  const bits = new Uint8Array(PAIR_BYTES);
  const folded = foldedForMatch(text);
  let previous = 0;
  let hasPrevious = false;
  let hash = FNV_OFFSET;
  let inWord = false;
  // Whether a word character outside a–z/0–9 stands next to the run or between two runs:
  // such runs are not whole words next to each other, for the phrase check.
  let joined = false;
  for (let i = 0; i <= folded.length; i++) {
    const c = i < folded.length ? folded.charCodeAt(i) : 32;
    if (isPlain(c)) {
      if (!inWord) {
        inWord = true;
        hash = FNV_OFFSET;
      }
      hash = Math.imul(hash ^ c, FNV_PRIME);
      continue;
    }
    const wordLike = c >= 128 && isWordChar(folded, i);
    if (inWord) {
      inWord = false;
      if (hasPrevious && !joined) {
        const [x, y] = pairBitsOf(previous, hash);
        bits[x >> 3] = (bits[x >> 3] as number) | (1 << (x & 7));
        bits[y >> 3] = (bits[y >> 3] as number) | (1 << (y & 7));
      }
      previous = hash;
      hasPrevious = true;
      joined = wordLike;
    } else if (wordLike) joined = true;
  }
  return bits;
}

/** Bit positions every document holding the phrases has set in its signature. */
export function phrasePairBits(phrases: readonly string[][]): number[] {
  const out: number[] = [];
  const plain = (w: string) => /^[a-z0-9]+$/.test(w);
  for (const words of phrases)
    for (let i = 1; i < words.length; i++) {
      const a = words[i - 1] as string;
      const b = words[i] as string;
      if (plain(a) && plain(b)) out.push(...pairBitsOf(wordHash(a), wordHash(b)));
    }
  return out;
}

/** Whether a signature (the `at`-th of PAIR_BYTES in `signatures`) has every bit set. */
export function mayHoldPairs(signatures: Uint8Array, at: number, bits: readonly number[]): boolean {
  const base = at * PAIR_BYTES;
  for (const bit of bits) if (((signatures[base + (bit >> 3)] ?? 0) & (1 << (bit & 7))) === 0) return false;
  return true;
}
