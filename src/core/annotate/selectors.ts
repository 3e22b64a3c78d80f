/**
 * Anchoring a passage in a text the way the W3C Web Annotation model does: a
 * `TextQuoteSelector` (the exact words, with a little text before and after them) and a
 * `TextPositionSelector` (where they start and end). The position is tried first; when the
 * text has changed (extracted again, edited), the quote is looked for, and among several
 * places the one whose surroundings match best (then the nearest) wins. A quote that is no
 * longer in the text leaves the passage orphaned: shown as such, never dropped.
 *
 * Positions here count UTF-16 code units, as the app's strings do; the model counts Unicode
 * code points, and the export converts (`codePointOffset`).
 */

export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export interface PassageTarget {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
}

/** How much text around the quote is kept to tell one occurrence from another. */
export const CONTEXT = 32;

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** `[start, end)` widened so that neither end falls between the two halves of a character. */
export function wholeCharacters(text: string, start: number, end: number): { start: number; end: number } {
  const s =
    start > 0 && isLow(text.charCodeAt(start)) && isHigh(text.charCodeAt(start - 1)) ? start - 1 : start;
  const e =
    end < text.length && isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1)) ? end + 1 : end;
  return { start: s, end: e };
}

/**
 * The quote of `[start, end)` (a range of whole characters): its words, and up to CONTEXT
 * units of text either side, never beginning or ending with half of a character.
 */
export function quoteOf(text: string, start: number, end: number): TextQuoteSelector {
  let from = Math.max(0, start - CONTEXT);
  if (from > 0 && isLow(text.charCodeAt(from))) from++;
  let to = Math.min(text.length, end + CONTEXT);
  if (to < text.length && isLow(text.charCodeAt(to))) to--;
  return {
    type: 'TextQuoteSelector',
    exact: text.slice(start, end),
    prefix: text.slice(from, start),
    suffix: text.slice(end, to),
  };
}

export function describeRange(text: string, from: number, to: number): PassageTarget {
  if (from < 0 || to > text.length || from >= to)
    throw new RangeError(`no passage from ${from} to ${to} in a text of ${text.length} characters`);
  const { start, end } = wholeCharacters(text, from, to);
  return { quote: quoteOf(text, start, end), position: { type: 'TextPositionSelector', start, end } };
}

/** How many Unicode code points the first `offset` UTF-16 units of `text` hold. */
export function codePointOffset(text: string, offset: number): number {
  let count = offset;
  for (let i = 1; i < offset; i++) if (isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) count--;
  return count;
}

/** Characters shared at the end of `a` and the end of `b`. */
function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Where the passage is in `text` now, or null when its words are no longer there. */
export function anchor(text: string, target: PassageTarget): { start: number; end: number } | null {
  const { quote, position } = target;
  if (!quote.exact) return null;
  if (text.slice(position.start, position.end) === quote.exact)
    return { start: position.start, end: position.end };
  let best: { start: number; score: number; distance: number } | null = null;
  for (let at = text.indexOf(quote.exact); at !== -1; at = text.indexOf(quote.exact, at + 1)) {
    const before = text.slice(Math.max(0, at - quote.prefix.length), at);
    const after = text.slice(at + quote.exact.length, at + quote.exact.length + quote.suffix.length);
    const score = commonSuffix(before, quote.prefix) + commonPrefix(after, quote.suffix);
    const distance = Math.abs(at - position.start);
    if (!best || score > best.score || (score === best.score && distance < best.distance))
      best = { start: at, score, distance };
  }
  return best ? { start: best.start, end: best.start + quote.exact.length } : null;
}

/**
 * Where the passage is in `text` now, widened to whole characters, for a file another tool
 * reads: its bounds in UTF-16 units (to slice the text) and in Unicode code points (what the
 * W3C model and REFI-QDA count); null when its words are no longer there.
 */
export function anchorForExport(
  text: string,
  target: PassageTarget,
): { start: number; end: number; codePoints: { start: number; end: number } } | null {
  const found = anchor(text, target);
  if (!found) return null;
  const { start, end } = wholeCharacters(text, found.start, found.end);
  return { start, end, codePoints: { start: codePointOffset(text, start), end: codePointOffset(text, end) } };
}
