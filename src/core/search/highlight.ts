/**
 * Where a hit's words are: the character ranges of every matched word (or entity mention) in
 * the stored text, the passage that holds most of them, and a short escaped snippet of that
 * passage with the matches wrapped in <mark>. Computed from the stored text of the hits on
 * screen only, so the index carries no positions.
 */
import { escapeHtml } from '../text/escape';
import { initialAt, termsOfWord, type AnalyzerLanguage } from './analysis';
import type { Thesaurus } from './thesaurus';

export interface Range {
  start: number;
  end: number;
}

export interface Highlighted {
  snippet: string;
  highlights: Range[];
  /** The passage (paragraph) the snippet comes from. */
  passage: Range;
}

// Words as a reader sees them: letters and digits, with inner apostrophes (Jama’at, l'armée)
// and hyphens (Al-Mourabitoun, marked whole when a part or the joined name matches).
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const SNIPPET_LENGTH = 240;
const SNIPPET_LEAD = 60;

/** Paragraphs of a text, as ranges; a long paragraph stays whole. */
export function passagesOf(text: string): Range[] {
  const ranges: Range[] = [];
  const re = /\n\s*\n/g;
  let start = 0;
  for (const match of text.matchAll(re)) {
    if (match.index > start) ranges.push({ start, end: match.index });
    start = match.index + match[0].length;
  }
  if (start < text.length || ranges.length === 0) ranges.push({ start, end: text.length });
  return ranges;
}

export function findHighlights(
  text: string,
  language: AnalyzerLanguage,
  terms: ReadonlySet<string>,
  entities: ReadonlySet<string>,
  thesaurus: Thesaurus | null,
): Range[] {
  const ranges: Range[] = [];
  if (terms.size) {
    // Stemming changes the end of a word, never its first letter (after folding): a word whose
    // first letter begins no term searched is passed over without being stemmed.
    const initials = new Set<string>();
    for (const term of terms) initials.add(term.charAt(0));
    for (const match of text.matchAll(WORD)) {
      const word = match[0];
      const initial = initialAt(word);
      // A compound's later parts begin with other letters: it is always analysed.
      if (initial !== '' && !initials.has(initial) && !word.includes('-')) continue;
      const parts = word.includes('-') ? [...word.split('-'), word.replace(/-/g, '')] : [word];
      if (parts.some((part) => termsOfWord(part, language).some((t) => terms.has(t))))
        ranges.push({ start: match.index, end: match.index + word.length });
    }
  }
  if (entities.size && thesaurus) {
    for (const mention of thesaurus.mentions(text))
      if (entities.has(mention.entityId)) ranges.push({ start: mention.start, end: mention.end });
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Range[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

export function snippetOf(text: string, highlights: readonly Range[], length = SNIPPET_LENGTH): Highlighted {
  const passages = passagesOf(text);
  let best = passages[0] ?? { start: 0, end: text.length };
  let bestCount = -1;
  for (const passage of passages) {
    const count = highlights.filter((h) => h.start >= passage.start && h.end <= passage.end).length;
    if (count > bestCount) {
      best = passage;
      bestCount = count;
    }
  }
  const inPassage = highlights.filter((h) => h.start >= best.start && h.end <= best.end);
  const first = inPassage[0]?.start ?? best.start;
  let from = best.start;
  if (first - best.start > SNIPPET_LEAD) {
    const space = text.lastIndexOf(' ', first - SNIPPET_LEAD);
    from = space < best.start ? best.start : space + 1;
  }
  let to = Math.min(best.end, from + length);
  if (to < best.end) {
    const space = text.lastIndexOf(' ', to);
    if (space > from) to = space;
  }
  // An ellipsis marks a cut inside the passage, not the passage's own ends.
  let html = from > best.start ? '…' : '';
  let cursor = from;
  for (const h of inPassage) {
    if (h.start < from || h.end > to) continue;
    html += `${escapeHtml(text.slice(cursor, h.start))}<mark>${escapeHtml(text.slice(h.start, h.end))}</mark>`;
    cursor = h.end;
  }
  html += escapeHtml(text.slice(cursor, to)) + (to < best.end ? '…' : '');
  return { snippet: html.replace(/\s+/g, ' ').trim(), highlights: [...highlights], passage: best };
}
