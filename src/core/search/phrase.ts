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
function foldedForMatch(text: string): string {
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

/** A test for whether a stored text holds every phrase, word after word. */
export function phraseMatcher(phrases: readonly string[][]): (text: string) => boolean {
  if (phrases.length === 0) return () => true;
  return (text) => {
    const folded = foldedForMatch(text);
    return phrases.every((words) => holdsPhrase(folded, words));
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
const PLAIN_WORD = /[a-z0-9]+/g;

function pairHash(a: string, b: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < a.length; i++) h = Math.imul(h ^ a.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 32, 0x01000193);
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The two bit positions of a word pair. */
function pairBits(a: string, b: string): [number, number] {
  const h = pairHash(a, b);
  return [h % PAIR_BITS, (Math.imul(h, 0x9e3779b1) >>> 0) % PAIR_BITS];
}

/** The signature of a document's `title\ntext`, as the phrase check reads it. */
export function pairSignature(text: string): Uint8Array {
  const bits = new Uint8Array(PAIR_BYTES);
  let previous: string | undefined;
  let previousEnd = -1;
  const folded = foldedForMatch(text);
  for (const match of folded.matchAll(PLAIN_WORD)) {
    const word = match[0];
    // Words joined by a letter outside a–z (an unfolded one) are not next to each other.
    if (previous !== undefined && !isWordChar(folded, previousEnd) && !isWordChar(folded, match.index - 1))
      for (const bit of pairBits(previous, word)) bits[bit >> 3] = (bits[bit >> 3] ?? 0) | (1 << (bit & 7));
    previous = word;
    previousEnd = match.index + word.length;
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
      if (plain(a) && plain(b)) out.push(...pairBits(a, b));
    }
  return out;
}

/** Whether a signature (the `at`-th of PAIR_BYTES in `signatures`) has every bit set. */
export function mayHoldPairs(signatures: Uint8Array, at: number, bits: readonly number[]): boolean {
  const base = at * PAIR_BYTES;
  for (const bit of bits) if (((signatures[base + (bit >> 3)] ?? 0) & (1 << (bit & 7))) === 0) return false;
  return true;
}
