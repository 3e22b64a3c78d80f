/**
 * Anchoring a passage in a text the way the W3C Web Annotation model does: a
 * `TextQuoteSelector` (the exact words, with a little text before and after them) and a
 * `TextPositionSelector` (where they start and end). The position is tried first; when the
 * text has changed (extracted again, edited), the quote is looked for, and among several
 * places the one whose surroundings match best (then the nearest) wins. A quote that is no
 * longer in the text leaves the passage orphaned: shown as such, never dropped.
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

export function describeRange(text: string, start: number, end: number): PassageTarget {
  if (start < 0 || end > text.length || start >= end)
    throw new RangeError(`no passage from ${start} to ${end} in a text of ${text.length} characters`);
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - CONTEXT), start),
      suffix: text.slice(end, end + CONTEXT),
    },
    position: { type: 'TextPositionSelector', start, end },
  };
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
