/**
 * The orders of the lists (Sources, Notes, Trash) and the filter of the Sources list. Every order is total (ties fall to the next
 * key, last to the id), so the same sources always come in the same order, and a list kept in
 * order can take a changed source by merging it in rather than sorting the whole list again.
 *
 * Titles and outlets are compared the way the reader's language sorts them (accents, case and
 * numbers as a person expects: "Report 9" before "Report 10", "Écho" beside "Echo"). Sources
 * without the key (undated, untitled, no outlet) come last in every order, whichever way it runs.
 */
import { foldForSearch } from '../text/fold';
import type { Note, RecordKind, SourceSummary } from './types';

export const SOURCE_ORDERS = ['added', 'published', 'publishedOldest', 'title', 'outlet'] as const;
export type SourceOrder = (typeof SOURCE_ORDERS)[number];

export const isSourceOrder = (value: unknown): value is SourceOrder =>
  (SOURCE_ORDERS as readonly unknown[]).includes(value);

type Compare = (a: SourceSummary, b: SourceSummary) => number;

type Stamped = { createdAt: number; id: string };
const byId = (a: Stamped, b: Stamped) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/**
 * Newest added first, as IndexedDB lists records by creation in reverse (ties by id, also
 * reversed): the order the archive lists sources and notes in by default.
 */
export const newestAdded = (a: Stamped, b: Stamped) => b.createdAt - a.createdAt || byId(b, a);

/** Present values first, in `compare`'s order; absent ones (empty) after them all. */
function presentFirst<V>(
  value: (s: SourceSummary) => V | undefined,
  compare: (x: V, y: V) => number,
): Compare {
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === undefined || x === '') return y === undefined || y === '' ? 0 : 1;
    if (y === undefined || y === '') return -1;
    return compare(x, y);
  };
}

const then =
  (...compares: Compare[]): Compare =>
  (a, b) => {
    for (const compare of compares) {
      const c = compare(a, b);
      if (c !== 0) return c;
    }
    return 0;
  };

const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** How `order` compares two sources, with titles and outlets collated for `locale`. */
export function sourceComparator(order: SourceOrder, locale: string): Compare {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const collate = (x: string, y: string) => collator.compare(x, y);
  const newestPublished = presentFirst(
    (s) => s.publishedAt,
    (x: string, y: string) => text(y, x),
  );
  switch (order) {
    case 'added':
      return newestAdded;
    case 'published':
      return then(newestPublished, newestAdded);
    case 'publishedOldest':
      return then(
        presentFirst((s) => s.publishedAt, text),
        (a, b) => a.createdAt - b.createdAt || byId(a, b),
      );
    case 'title':
      return then(
        presentFirst((s) => s.title.trim(), collate),
        newestPublished,
        newestAdded,
      );
    case 'outlet':
      return then(
        presentFirst((s) => s.publisher.trim(), collate),
        newestPublished,
        newestAdded,
      );
  }
}

/** What the Sources list is narrowed to; an empty field narrows nothing. */
export interface SourceFilter {
  /** The outlet, as written on the sources (compared without case or accents). */
  outlet?: string;
  /** Words the title or the outlet contains, each of them (without case or accents). */
  words?: string;
}

export const isFilteringSources = (f: SourceFilter) => Boolean(f.outlet?.trim() || f.words?.trim());

const fold = (s: string) => foldForSearch(s).toLowerCase().trim();

/** A source's title and outlet folded once for matching: summaries are replaced, never changed. */
const folded = new WeakMap<SourceSummary, { title: string; outlet: string }>();
function foldedOf(source: SourceSummary): { title: string; outlet: string } {
  let f = folded.get(source);
  if (!f) {
    f = { title: fold(source.title), outlet: fold(source.publisher) };
    folded.set(source, f);
  }
  return f;
}

/**
 * Folds the titles and publishers of `sources` ahead of a filter being typed (when its field is
 * focused), a slice at a time so that the window stays responsive: the first key typed then
 * compares strings already folded, rather than folding 50,000 titles itself.
 */
export async function foldAhead(sources: readonly SourceSummary[], slice = 2000): Promise<void> {
  for (let i = 0; i < sources.length; i += slice) {
    for (const source of sources.slice(i, i + slice)) foldedOf(source);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** A test for the sources `filter` keeps, prepared once for a pass over a whole list. */
export function sourceMatcher(filter: SourceFilter): (source: SourceSummary) => boolean {
  const outlet = fold(filter.outlet ?? '');
  const words = fold(filter.words ?? '')
    .split(/\s+/)
    .filter(Boolean);
  if (!outlet && words.length === 0) return () => true;
  return (source) => {
    const f = foldedOf(source);
    if (outlet && f.outlet !== outlet) return false;
    return words.every((w) => f.title.includes(w) || f.outlet.includes(w));
  };
}

/**
 * The outlets the sources name, each once (spellings that differ only by case or accents are
 * one outlet, shown as most sources write it), with how many sources each has, by name.
 */
export function outletsOf(
  sources: readonly SourceSummary[],
  locale: string,
): { name: string; count: number }[] {
  const byKey = new Map<string, { spellings: Map<string, number>; count: number }>();
  // Few publishers, many sources: each spelling is folded once (this runs on every change of the list).
  const keys = new Map<string, string>();
  for (const source of sources) {
    const name = source.publisher;
    let key = keys.get(name);
    if (key === undefined) keys.set(name, (key = fold(name)));
    if (!key) continue;
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { spellings: new Map(), count: 0 }));
    entry.count++;
    entry.spellings.set(name, (entry.spellings.get(name) ?? 0) + 1);
  }
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return [...byKey.values()]
    .map(({ spellings, count }) => ({
      name: [...spellings].reduce((best, s) => (s[1] > best[1] ? s : best))[0].trim(),
      count,
    }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

export const NOTE_ORDERS = ['newest', 'edited', 'oldest', 'source'] as const;
export type NoteOrder = (typeof NOTE_ORDERS)[number];
export const isNoteOrder = (value: unknown): value is NoteOrder =>
  (NOTE_ORDERS as readonly unknown[]).includes(value);

/**
 * How `order` compares two notes: by creation or last edit, or grouped by the source they are
 * about (by its title, free-standing notes last), newest first within a source.
 */
export function noteComparator(
  order: NoteOrder,
  locale: string,
  sourceTitle: (id: string) => string | undefined,
): (a: Note, b: Note) => number {
  switch (order) {
    case 'newest':
      return newestAdded;
    case 'edited':
      return (a, b) => b.updatedAt - a.updatedAt || newestAdded(a, b);
    case 'oldest':
      return (a, b) => newestAdded(b, a);
    case 'source': {
      const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
      const title = (n: Note) => (n.sourceId ? (sourceTitle(n.sourceId) ?? '').trim() : '');
      return (a, b) => {
        const x = title(a);
        const y = title(b);
        if (x !== y) {
          if (!x) return 1;
          if (!y) return -1;
          const c = collator.compare(x, y);
          if (c) return c;
        }
        // Two sources of one title stay apart; within a source, newest first.
        return (a.sourceId ?? '').localeCompare(b.sourceId ?? '') || newestAdded(a, b);
      };
    }
  }
}

export const TRASH_ORDERS = ['deleted', 'title', 'kind'] as const;
export type TrashOrder = (typeof TRASH_ORDERS)[number];
export const isTrashOrder = (value: unknown): value is TrashOrder =>
  (TRASH_ORDERS as readonly unknown[]).includes(value);

interface TrashRow {
  kind: RecordKind;
  id: string;
  title: string;
  deletedAt: number;
}

const KIND_RANK: Record<RecordKind, number> = { source: 0, note: 1, incident: 2 };

/** How `order` compares two records in the Trash; the most recently deleted first within a tie. */
export function trashComparator(order: TrashOrder, locale: string): (a: TrashRow, b: TrashRow) => number {
  const latest = (a: TrashRow, b: TrashRow) =>
    b.deletedAt - a.deletedAt || (a.kind + a.id < b.kind + b.id ? -1 : a.kind + a.id > b.kind + b.id ? 1 : 0);
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  switch (order) {
    case 'deleted':
      return latest;
    case 'title':
      return (a, b) => {
        const x = a.title.trim();
        const y = b.title.trim();
        if (!x || !y) return x ? -1 : y ? 1 : latest(a, b);
        return collator.compare(x, y) || latest(a, b);
      };
    case 'kind':
      return (a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || latest(a, b);
  }
}
