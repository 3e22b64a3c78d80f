/**
 * The search engine: lunr's query language and scoring over an index made of segments, built
 * for an archive of tens of thousands of documents that changes one record at a time.
 *
 * - New and edited documents go to a small fresh segment, searchable at the next query;
 *   when it is full it is sealed, and `maintain()` merges segments in the background
 *   (deleted documents are tombstones until then).
 * - Scores use statistics over all segments (see query.ts), so where a document sits does
 *   not change its rank.
 * - Each document is analyzed in its own language (English or French stemming); queries are
 *   analyzed in both, accents folded; the thesaurus makes `JNIM` find "Jama’at Nusrat
 *   al-Islam Wal Muslimeen".
 * - Results carry facets (kind, tag, language, region, actor, place) and can be filtered by
 *   them and by date; hits carry a snippet and highlight ranges computed from stored text.
 * - A malformed query returns `error` with an explanation and position; it never throws.
 */
import {
  analyze,
  analyzePositions,
  analyzerFor,
  ANALYZER_LANGUAGES,
  type AnalyzerLanguage,
} from './analysis';
import {
  decodeIndex,
  encodeIndex,
  encodeSegmentParts,
  INDEX_FORMAT_VERSION,
  SearchIndexError,
} from './codec';
import { findHighlights, snippetOf, type Range } from './highlight';
import { compileQuery, CorpusStats, scoreSegments, type QueryError } from './query';
import {
  foldedForMatch,
  mayHoldPairs,
  pairSignature,
  phraseCheck,
  phrasePairBits,
  TITLE_GAP,
} from './phrase';
import {
  mergeSegments,
  SegmentBuilder,
  type FacetCodes,
  type FacetField,
  type Segment,
  type StoredDoc,
} from './segment';
import { SEED_ENTITIES, type Entity } from './seed-entities';
import { Thesaurus, wordsOf } from './thesaurus';

/** The longest word of a name, as the thesaurus reads it (folded, lower case). */
const longestWord = (name: string): string =>
  wordsOf(name).reduce((a, w) => (w.word.length > a.length ? w.word : a), '');

export type { QueryError, QueryErrorCode } from './query';
export type { Range } from './highlight';
export { SearchIndexError };

export type SearchKind = 'source' | 'note' | 'incident' | 'passage';

export interface SearchDoc {
  id: string;
  kind: SearchKind;
  title?: string;
  text: string;
  tags?: string[];
  /** ISO date (YYYY-MM-DD). */
  date?: string;
  /** BCP 47 code; decides the stemmer. */
  language?: string;
  /** Admin-1 region, for incidents. */
  region?: string;
  /** Actors named on the record (an incident's perpetrator and target). */
  actors?: string[];
  /** The record's version (its update time): tells a stale index entry from a current one. */
  stamp?: number;
  /** Offsets in `text` where each page starts, for documents with pages (PDF). */
  pageStarts?: number[];
}

export interface SearchFilters {
  kinds?: readonly string[];
  tags?: readonly string[];
  languages?: readonly string[];
  regions?: readonly string[];
  actors?: readonly string[];
  places?: readonly string[];
  /** Inclusive ISO dates; documents without a date are left out when either is set. */
  dateFrom?: string;
  dateTo?: string;
}

export interface SearchOptions {
  limit?: number;
  filters?: SearchFilters;
}

export interface FacetValue {
  value: string;
  count: number;
}

export type FacetName = 'kind' | 'tag' | 'language' | 'region' | 'actor' | 'place';
export type Facets = Record<FacetName, FacetValue[]>;

export interface SearchHit {
  id: string;
  kind: SearchKind;
  title: string;
  score: number;
  date?: string;
  /** HTML: escaped text with the matched words wrapped in <mark>. */
  snippet: string;
  /** Character ranges of the matches in the document's text. */
  highlights: Range[];
  /** The passage of the text the snippet comes from. */
  passage: Range;
  /** The page (from 1) the passage is on, for documents with pages. */
  page?: number;
}

export interface SearchResponse {
  hits: SearchHit[];
  total: number;
  facets: Facets;
  error?: QueryError;
  /**
   * Some hits have no snippet yet: the texts of the saved index are still being read (the
   * search is run again once they are).
   */
  snippetsPending?: boolean;
  /**
   * Not answered: a phrase is checked against the texts, which are still being read. Ask
   * again once `textsPending` is false.
   */
  needsTexts?: boolean;
}

/** The page (from 1) that holds an offset, given where each page starts; undefined without pages. */
export function pageAt(pageStarts: readonly number[], offset: number): number | undefined {
  if (pageStarts.length === 0) return undefined;
  let low = 0;
  let high = pageStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((pageStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

export interface SearchEngineOptions {
  /** Languages a query is analyzed in (default: English and French). */
  languages?: readonly AnalyzerLanguage[];
  /** Thesaurus entities; `null` for none (default: the seed entities). */
  entities?: readonly Entity[] | null;
  /** Documents per sealed segment (default 5,000). */
  segmentSize?: number;
  /** Segments kept before `maintain()` merges (default 8), not counting full ones. */
  maxSegments?: number;
  /**
   * The most live documents a merge makes (default 10,000). A segment of half as many or more
   * is full: it is not merged again, only rewritten once a tenth of it is deleted.
   */
  maxMergedDocs?: number;
}

export interface EngineStats {
  documents: number;
  segments: number[];
  deleted: number;
  fresh: number;
}

export interface SearchEngine {
  /** Adds documents, replacing any with the same id. */
  add(docs: readonly SearchDoc[]): void;
  remove(ids: readonly string[]): void;
  search(query: string, options?: SearchOptions): SearchResponse;
  /** One step of background work (sealing, merging); true when there may be more. */
  maintain(): boolean;
  /** The stamp of every indexed document, to compare with the records. */
  stamps(): Map<string, number>;
  has(id: string): boolean;
  readonly size: number;
  stats(): EngineStats;
  /**
   * Replaces the thesaurus (a no-op when nothing changed). The documents that name an entity
   * added, removed or changed are indexed again; switching the thesaurus on or off reads all.
   */
  setEntities(entities: readonly Entity[] | null): void;
  readonly entities: readonly Entity[] | null;
  /** The whole index as one binary. */
  serialize(): Uint8Array;
  /**
   * The index for storage segment by segment: a manifest (settings, segment ids and their
   * tombstones) and the encoded segments that are not in `stored` yet. Sealed segments never
   * change, so an edit writes one small segment and the manifest.
   */
  snapshot(stored: ReadonlySet<string>): IndexSnapshot;
  /** Whether some segment's texts, stored apart, are still to be attached. */
  readonly textsPending: boolean;
  /** The segments whose texts are still to be attached. */
  segmentsWithoutTexts(): string[];
  /** Attaches the texts of segment `id`; throws SearchIndexError when they are not its own. */
  attachTexts(id: string, bytes: Uint8Array): void;
  /** Takes a segment out (its texts could not be read); returns the ids of its documents. */
  dropSegment(id: string): string[];
}

export interface IndexManifest {
  format: 'fieldbook-search-manifest';
  version: number;
  settings: unknown;
  segments: { id: string; deleted: Uint8Array }[];
}

export interface IndexSnapshot {
  manifest: IndexManifest;
  /** Each new segment: what finds and ranks its documents, and their texts, stored apart. */
  added: { id: string; bytes: Uint8Array; texts: Uint8Array }[];
}

/** A document's analysed fields and signature, read back from the segment that holds it. */
interface KnownTerms {
  title: string[];
  text: string[];
  tags: string[];
  pairs: Uint8Array;
}

interface Settings {
  languages: AnalyzerLanguage[];
  entities: Entity[] | null;
  segmentSize: number;
  maxSegments: number;
  maxMergedDocs: number;
}

const EMPTY_FACETS = (): Facets => ({ kind: [], tag: [], language: [], region: [], actor: [], place: [] });

/** Entities in one order, so that the same thesaurus always compares equal. */
const byId = (entities: readonly Entity[]): Entity[] =>
  [...entities].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

function settingsOf(options: SearchEngineOptions): Settings {
  return {
    languages: [...(options.languages ?? ANALYZER_LANGUAGES)],
    entities: options.entities === null ? null : byId(options.entities ?? SEED_ENTITIES),
    segmentSize: options.segmentSize ?? 5000,
    maxSegments: options.maxSegments ?? 8,
    maxMergedDocs: options.maxMergedDocs ?? 10_000,
  };
}

/** Counts a facet's values over the matches, segment by segment, in typed arrays. */
class Counter {
  #counts = new Map<string, number>();
  #segment: FacetCodes | null = null;
  #perCode = new Uint32Array(0);
  constructor(readonly field: FacetField) {}

  /** Starts counting in a segment (the previous one's counts are kept). */
  enter(segment: Segment): void {
    this.#flush();
    this.#segment = segment.facet(this.field);
    this.#perCode = new Uint32Array(this.#segment.values.length);
  }

  add(doc: number): void {
    const codes = this.#segment as FacetCodes;
    const to = codes.start[doc + 1] as number;
    const counts = this.#perCode;
    for (let i = codes.start[doc] as number; i < to; i++) {
      const code = codes.codes[i] as number;
      counts[code] = (counts[code] as number) + 1;
    }
  }

  #flush(): void {
    const codes = this.#segment;
    if (!codes) return;
    this.#perCode.forEach((n, code) => {
      if (n === 0) return;
      const value = codes.values[code] as string;
      this.#counts.set(value, (this.#counts.get(value) ?? 0) + n);
    });
    this.#segment = null;
  }

  top(n = 30): FacetValue[] {
    this.#flush();
    return [...this.#counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
      .slice(0, n);
  }
}

/** A test for the filters, or null when none is set (the common case, kept free). */
function filterOf(filters: SearchFilters | undefined): ((doc: StoredDoc) => boolean) | null {
  if (!hasFilters(filters) || !filters) return null;
  const wanted = (values: readonly string[] | undefined) => (values?.length ? new Set(values) : null);
  const kinds = wanted(filters.kinds);
  const languages = wanted(filters.languages);
  const regions = wanted(filters.regions);
  const tags = wanted(filters.tags);
  const actors = wanted(filters.actors);
  const places = wanted(filters.places);
  const { dateFrom, dateTo } = filters;
  const some = (set: Set<string>, values: readonly string[]) => values.some((v) => set.has(v));
  return (doc) =>
    (!kinds || kinds.has(doc.kind)) &&
    (!languages || languages.has(doc.language)) &&
    (!regions || regions.has(doc.region)) &&
    (!tags || some(tags, doc.tags)) &&
    (!actors || some(actors, doc.actors)) &&
    (!places || some(places, doc.places)) &&
    (!dateFrom || (!!doc.date && doc.date >= dateFrom)) &&
    (!dateTo || (!!doc.date && doc.date <= dateTo));
}

interface Candidate {
  segment: Segment;
  doc: number;
  score: number;
  /** Insertion order, which breaks ties as lunr's stable sort does. */
  order: number;
}

/** Worse first: a lower score, or an equal score for a later document. */
const worse = (a: Candidate, b: Candidate) => a.score < b.score || (a.score === b.score && a.order > b.order);

/** Keeps the `limit` best candidates (a min-heap). */
function topK(limit: number) {
  const heap: Candidate[] = [];
  const less = worse;
  return {
    /** Whether a candidate with this score and order would be kept. */
    takes(score: number, order: number): boolean {
      if (heap.length < limit) return true;
      const worst = heap[0];
      return (
        limit > 0 &&
        worst !== undefined &&
        (score > worst.score || (score === worst.score && order < worst.order))
      );
    },
    push(c: Candidate) {
      if (heap.length < limit) {
        heap.push(c);
        let i = heap.length - 1;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (!less(heap[i] as Candidate, heap[p] as Candidate)) break;
          [heap[i], heap[p]] = [heap[p] as Candidate, heap[i] as Candidate];
          i = p;
        }
      } else if (limit > 0 && less(heap[0] as Candidate, c)) {
        heap[0] = c;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && less(heap[l] as Candidate, heap[m] as Candidate)) m = l;
          if (r < heap.length && less(heap[r] as Candidate, heap[m] as Candidate)) m = r;
          if (m === i) break;
          [heap[i], heap[m]] = [heap[m] as Candidate, heap[i] as Candidate];
          i = m;
        }
      }
    },
    sorted: () => [...heap].sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0)),
  };
}

class Engine implements SearchEngine {
  #settings: Settings;
  #thesaurus: Thesaurus | null;
  #segments: Segment[];
  #fresh = new SegmentBuilder();
  #freshSegment: Segment | null = null;
  #stats: CorpusStats | null = null;
  #where = new Map<string, { holder: Segment | SegmentBuilder; local: number }>();

  constructor(settings: Settings, segments: Segment[] = []) {
    this.#settings = settings;
    this.#thesaurus = settings.entities ? new Thesaurus(settings.entities) : null;
    this.#segments = segments;
    for (const segment of segments) this.#locate(segment);
  }

  #locate(segment: Segment): void {
    segment.docs.forEach((doc, local) => {
      if (!segment.deleted[local]) this.#where.set(doc.id, { holder: segment, local });
    });
  }

  #changed(): void {
    this.#freshSegment = null;
    this.#stats = null;
  }

  /**
   * Indexes a document in the fresh segment. `known`: its analysed title, text and tags and its
   * signature, read back from the segment that held it, when only its entities change.
   */
  #store(doc: SearchDoc, known?: KnownTerms): void {
    const language = analyzerFor(doc.language);
    const title = doc.title ?? '';
    const tags = doc.tags ?? [];
    const mentions = this.#thesaurus ? this.#thesaurus.mentions(`${title}\n${doc.text}`) : [];
    const entityIds = [...new Set(mentions.map((m) => m.entityId))];
    const names = (kind: string) =>
      entityIds
        .filter((id) => this.#thesaurus?.entities.get(id)?.kind === kind)
        .map((id) => this.#thesaurus?.name(id) ?? id);
    const stored: StoredDoc = {
      id: doc.id,
      kind: doc.kind,
      title,
      text: doc.text,
      tags,
      date: doc.date ?? '',
      language: doc.language ?? '',
      region: doc.region ?? '',
      actors: [...new Set([...(doc.actors ?? []).filter(Boolean), ...names('actor')])],
      places: names('place'),
      stamp: doc.stamp ?? 0,
      pages: doc.pageStarts ?? [],
    };
    let fields: KnownTerms;
    if (known) fields = known;
    else {
      // Title and text in one pass: their terms, and the term pairs of their signature.
      const terms: string[] = [];
      const positions: number[] = [];
      const titleTerms: string[] = [];
      const textTerms: string[] = [];
      const end = analyzePositions(title, language, 0, terms, positions, titleTerms);
      analyzePositions(doc.text, language, end + TITLE_GAP, terms, positions, textTerms);
      fields = {
        title: titleTerms,
        text: textTerms,
        tags: analyze(tags.join(' '), language),
        pairs: pairSignature(terms, positions),
      };
    }
    const local = this.#fresh.add(
      stored,
      { title: fields.title, text: fields.text, tags: fields.tags, entity: entityIds },
      fields.pairs,
    );
    this.#where.set(doc.id, { holder: this.#fresh, local });
    if (this.#fresh.size >= this.#settings.segmentSize) this.#seal();
  }

  #seal(): void {
    if (this.#fresh.size === 0) return;
    const segment = this.#fresh.freeze();
    this.#segments.push(segment);
    this.#locate(segment);
    this.#fresh = new SegmentBuilder();
    this.#changed();
  }

  #allSegments(): Segment[] {
    if (this.#fresh.size > 0) this.#freshSegment ??= this.#fresh.freeze();
    return this.#freshSegment ? [...this.#segments, this.#freshSegment] : this.#segments;
  }

  add(docs: readonly SearchDoc[]): void {
    if (docs.length === 0) return;
    this.remove(docs.map((d) => d.id));
    for (const doc of docs) this.#store(doc);
    this.#changed();
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) {
      const where = this.#where.get(id);
      if (!where) continue;
      where.holder.markDeleted(where.local);
      this.#where.delete(id);
      this.#changed();
    }
  }

  has(id: string): boolean {
    return this.#where.has(id);
  }

  get size(): number {
    return this.#where.size;
  }

  stamps(): Map<string, number> {
    const stamps = new Map<string, number>();
    for (const [id, { holder, local }] of this.#where) stamps.set(id, holder.docs[local]?.stamp ?? 0);
    return stamps;
  }

  stats(): EngineStats {
    return {
      documents: this.size,
      segments: this.#segments.map((s) => s.liveCount),
      deleted: this.#segments.reduce((n, s) => n + s.deletedCount, 0),
      fresh: this.#fresh.size,
    };
  }

  maintain(): boolean {
    // Merging rewrites texts: it waits until they are all read.
    if (this.textsPending) return false;
    const { maxSegments, maxMergedDocs } = this.#settings;
    // A segment with a tenth or more tombstones is rewritten on its own.
    const wasteful = this.#segments.find((s) => s.deletedCount > 0 && s.deletedCount >= s.docCount * 0.1);
    let merging: Segment[] = [];
    if (wasteful) merging = [wasteful];
    else {
      // Full segments are left as they are: merging them again and again made every write to a
      // large archive pay for rewriting (and storing again) most of it. The others are merged
      // two smallest at a time while there are too many.
      const open = this.#segments.filter((s) => s.liveCount < maxMergedDocs / 2);
      if (open.length > maxSegments)
        merging = [...open].sort((a, b) => a.liveCount - b.liveCount).slice(0, 2);
    }
    if (merging.length === 0) return false;
    const merged = mergeSegments(merging);
    this.#segments = [
      ...this.#segments.filter((s) => !merging.includes(s)),
      ...(merged.docCount ? [merged] : []),
    ];
    this.#locate(merged);
    this.#changed();
    return true;
  }

  get entities(): readonly Entity[] | null {
    return this.#settings.entities;
  }

  setEntities(given: readonly Entity[] | null): void {
    const entities = given ? byId(given) : null;
    const previous = this.#settings.entities;
    if (JSON.stringify(entities) === JSON.stringify(previous)) return;
    if (this.textsPending) throw new Error('the thesaurus cannot change before the index’s texts are read');
    // Every document in a sealed segment, whose postings can be read back.
    this.#seal();
    let docs = [...this.#where.values()].map(({ holder, local }) => holder.docs[local] as StoredDoc);
    const known = new Map<string, KnownTerms>();
    // The entities added, removed or edited, in their old and their new form.
    const key = (e: Entity) => JSON.stringify(e);
    const before = new Set((previous ?? []).map(key));
    const after = new Set((entities ?? []).map(key));
    const gone = (previous ?? []).filter((e) => !after.has(key(e)));
    const changed = [...gone, ...(entities ?? []).filter((e) => !before.has(key(e)))];
    // Actor names that came from the old thesaurus are found again from the text, or not.
    const oldNames = new Set((previous && entities ? gone : (previous ?? [])).map((e) => e.name));
    this.#settings = { ...this.#settings, entities };
    this.#thesaurus = entities ? new Thesaurus(entities) : null;
    if (previous && entities) {
      // Only the documents that name a changed entity, in either form, are read again: the
      // others would be analysed exactly as before.
      const probe = new Thesaurus(changed.map((e, i) => ({ ...e, id: `changed:${i}` })));
      // A document that names one of them holds, in its folded text, the longest word of that
      // name: the cheap test first, the thesaurus's reading only where it passes.
      const needles = [...new Set(changed.flatMap((e) => [e.name, ...e.aliases]).map(longestWord))];
      docs = docs.filter((doc) => {
        if (doc.actors.some((a) => oldNames.has(a))) return true;
        const text = `${doc.title}\n${doc.text}`;
        const folded = foldedForMatch(text);
        return needles.some((n) => folded.includes(n)) && probe.mentions(text).length > 0;
      });
      // Their title, text and tags are analysed as before: only their entities change. Their
      // terms are read back from the postings, segment by segment, not analysed again.
      const bySegment = new Map<Segment, number[]>();
      for (const doc of docs) {
        const where = this.#where.get(doc.id);
        if (!where || where.holder instanceof SegmentBuilder) continue;
        const locals = bySegment.get(where.holder) ?? [];
        locals.push(where.local);
        bySegment.set(where.holder, locals);
      }
      for (const [segment, locals] of bySegment) {
        const terms = segment.termsOf(locals);
        locals.forEach((local, i) => {
          const [title = [], text = [], tags = []] = terms[i] ?? [];
          const id = (segment.docs[local] as StoredDoc).id;
          known.set(id, { title, text, tags, pairs: segment.pairsOf(local) });
        });
      }
      this.remove(docs.map((d) => d.id));
    } else {
      // The thesaurus is switched on or off: every document is read again.
      this.#segments = [];
      this.#fresh = new SegmentBuilder();
      this.#where.clear();
    }
    this.#changed();
    for (const doc of docs)
      this.#store(
        {
          id: doc.id,
          kind: doc.kind as SearchKind,
          title: doc.title,
          text: doc.text,
          tags: doc.tags,
          ...(doc.date ? { date: doc.date } : {}),
          ...(doc.language ? { language: doc.language } : {}),
          ...(doc.region ? { region: doc.region } : {}),
          actors: doc.actors.filter((a) => !oldNames.has(a)),
          stamp: doc.stamp,
          pageStarts: doc.pages,
        },
        known.get(doc.id),
      );
    this.#seal();
  }

  search(query: string, options: SearchOptions = {}): SearchResponse {
    const limit = options.limit ?? 50;
    if (!query.trim() && !hasFilters(options.filters)) return { hits: [], total: 0, facets: EMPTY_FACETS() };
    const segments = this.#allSegments();
    this.#stats ??= new CorpusStats(segments);
    const compiled = compileQuery(
      query.trim() ? query : '',
      segments,
      this.#settings.languages,
      this.#thesaurus,
    );
    if ('error' in compiled) return { hits: [], total: 0, facets: EMPTY_FACETS(), error: compiled.error };
    const plan = compiled.query;
    const browsing = !query.trim();
    if (plan.hasPhrases && segments.some((s) => !s.textsLoaded))
      return { hits: [], total: 0, facets: EMPTY_FACETS(), needsTexts: true };
    let snippetsPending = false;

    const scores = browsing ? [] : scoreSegments(plan, segments, this.#stats);
    const phraseChecks = {
      en: phraseCheck(plan.phrases.en, 'en'),
      fr: phraseCheck(plan.phrases.fr, 'fr'),
    };
    const pairBits = {
      en: plan.phrases.en.flatMap(phrasePairBits),
      fr: plan.phrases.fr.flatMap(phrasePairBits),
    };
    const passes = filterOf(options.filters);
    const best = topK(limit);
    const facets = {
      kind: new Counter('kind'),
      tag: new Counter('tags'),
      language: new Counter('language'),
      region: new Counter('region'),
      actor: new Counter('actors'),
      place: new Counter('places'),
    };
    const counters = Object.values(facets);
    let total = 0;
    let base = 0;
    segments.forEach((segment, s) => {
      const segmentScores = scores[s];
      for (const counter of counters) counter.enter(segment);
      for (let d = 0; d < segment.docCount; d++) {
        const score = browsing ? (segment.deleted[d] ? Number.NaN : 0) : (segmentScores?.[d] ?? Number.NaN);
        if (Number.isNaN(score)) continue;
        const doc = segment.docs[d] as StoredDoc;
        if (passes && !passes(doc)) continue;
        if (plan.hasPhrases) {
          const language = analyzerFor(doc.language);
          const bits = pairBits[language];
          if (bits.length && !mayHoldPairs(segment.pairs, d, bits)) continue;
          if (!phraseChecks[language](doc.title, doc.text)) continue;
        }
        total++;
        for (const counter of counters) counter.add(d);
        // Sums of the same terms in another order differ in the last bits: round those away.
        const rounded = browsing ? 0 : Math.round(score * 1e9) / 1e9;
        if (best.takes(rounded, base + d)) best.push({ segment, doc: d, score: rounded, order: base + d });
      }
      base += segment.docCount;
    });

    const hits = best.sorted().map(({ segment, doc: d, score }): SearchHit => {
      const doc = segment.docs[d] as StoredDoc;
      const found = {
        id: doc.id,
        kind: doc.kind as SearchKind,
        title: doc.title,
        score: browsing ? 0 : score,
        ...(doc.date ? { date: doc.date } : {}),
      };
      if (!segment.textsLoaded) {
        // Found and ranked; its snippet comes once the texts are read.
        snippetsPending = true;
        return { ...found, snippet: '', highlights: [], passage: { start: 0, end: 0 } };
      }
      const ranges = findHighlights(
        doc.text,
        analyzerFor(doc.language),
        plan.matchTerms,
        plan.matchEntities,
        this.#thesaurus,
      );
      const { snippet, highlights, passage } = snippetOf(doc.text, ranges);
      const page = pageAt(doc.pages, passage.start);
      return { ...found, snippet, highlights, passage, ...(page ? { page } : {}) };
    });
    return {
      hits,
      total,
      facets: {
        kind: facets.kind.top(),
        tag: facets.tag.top(),
        language: facets.language.top(),
        region: facets.region.top(),
        actor: facets.actor.top(),
        place: facets.place.top(),
      },
      ...(snippetsPending ? { snippetsPending } : {}),
    };
  }

  get textsPending(): boolean {
    return this.#segments.some((s) => !s.textsLoaded);
  }

  segmentsWithoutTexts(): string[] {
    return this.#segments.filter((s) => !s.textsLoaded).map((s) => s.id);
  }

  attachTexts(id: string, bytes: Uint8Array): void {
    const segment = this.#segments.find((s) => s.id === id);
    if (!segment?.texts) throw new SearchIndexError(`segment ${id} has no texts to attach`);
    segment.texts.attach(bytes);
  }

  dropSegment(id: string): string[] {
    const segment = this.#segments.find((s) => s.id === id);
    if (!segment) return [];
    const ids: string[] = [];
    segment.docs.forEach((doc, local) => {
      const where = this.#where.get(doc.id);
      if (where?.holder === segment && where.local === local) {
        this.#where.delete(doc.id);
        ids.push(doc.id);
      }
    });
    this.#segments = this.#segments.filter((s) => s !== segment);
    this.#changed();
    return ids;
  }

  serialize(): Uint8Array {
    this.#seal();
    return encodeIndex(this.#segments, this.#settings);
  }

  snapshot(stored: ReadonlySet<string>): IndexSnapshot {
    this.#seal();
    return {
      manifest: {
        format: 'fieldbook-search-manifest',
        version: INDEX_FORMAT_VERSION,
        settings: this.#settings,
        segments: this.#segments.map((s) => ({ id: s.id, deleted: s.deleted.slice() })),
      },
      added: this.#segments
        .filter((s) => !stored.has(s.id))
        .map((s) => ({ id: s.id, ...encodeSegmentParts(s) })),
    };
  }
}

function hasFilters(filters: SearchFilters | undefined): boolean {
  return !!filters && Object.values(filters).some((v) => (Array.isArray(v) ? v.length > 0 : !!v));
}

export function createSearchEngine(options: SearchEngineOptions = {}): SearchEngine {
  return new Engine(settingsOf(options));
}

function settingsFrom(stored: unknown): Settings {
  const s = stored as Partial<Settings> | null;
  if (!s || !Array.isArray(s.languages)) throw new SearchIndexError('the index settings are missing');
  return settingsOf({ ...s, entities: s.entities ?? null });
}

/** One stored segment, decoded; throws SearchIndexError when it is damaged or is not segment `id`. */
export function decodeSegmentPart(id: string, bytes: Uint8Array): Segment {
  const [segment] = decodeIndex(bytes).segments;
  if (!segment || segment.id !== id) throw new SearchIndexError('it holds another segment');
  return segment;
}

/**
 * An engine from the manifest and its segments as they were decoded one by one (as each was
 * read from storage): a segment missing or refused (given as the reason) is left out and said.
 */
export function assembleSearchEngine(
  manifest: IndexManifest,
  decoded: ReadonlyMap<string, Segment | string>,
): { engine: SearchEngine; refused: string[] } {
  if (manifest.format !== 'fieldbook-search-manifest' || manifest.version !== INDEX_FORMAT_VERSION)
    throw new SearchIndexError(`the saved index has format ${manifest.format} ${manifest.version}`);
  const settings = settingsFrom(manifest.settings);
  const refused: string[] = [];
  const segments = manifest.segments.flatMap(({ id, deleted }) => {
    const segment = decoded.get(id);
    if (segment === undefined) {
      refused.push(`segment ${id} is missing`);
      return [];
    }
    if (typeof segment === 'string') {
      refused.push(`segment ${id}: ${segment}`);
      return [];
    }
    try {
      segment.restoreDeleted(deleted);
      return [segment];
    } catch (error) {
      refused.push(`segment ${id}: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  });
  return { engine: new Engine(settings, segments), refused };
}

/** Decodes a segment, or says why it cannot be. */
export function decodeOrReason(id: string, bytes: Uint8Array): Segment | string {
  try {
    return decodeSegmentPart(id, bytes);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Loads an index stored segment by segment. A segment that is missing, damaged or of another
 * version is left out and named in `refused`: its documents are simply not in the index, so
 * the caller adds them again from the records. A manifest that cannot be read throws.
 */
export function loadSearchEngineFromParts(
  manifest: IndexManifest,
  parts: ReadonlyMap<string, Uint8Array>,
  texts: ReadonlyMap<string, Uint8Array> = new Map(),
): { engine: SearchEngine; refused: string[] } {
  const decoded = new Map<string, Segment | string>();
  for (const { id } of manifest.segments) {
    const bytes = parts.get(id);
    if (bytes) decoded.set(id, decodeOrReason(id, bytes));
  }
  const { engine, refused } = assembleSearchEngine(manifest, decoded);
  for (const [id, segment] of decoded) {
    if (typeof segment === 'string' || segment.textsLoaded) continue;
    const reason = attachOrReason(engine, id, texts.get(id));
    if (reason) {
      engine.dropSegment(id);
      refused.push(`segment ${id}: ${reason}`);
    }
  }
  return { engine, refused };
}

/** Attaches a segment's texts, or says why they cannot be (missing, or not its own). */
export function attachOrReason(
  engine: SearchEngine,
  id: string,
  bytes: Uint8Array | undefined,
): string | undefined {
  if (!bytes) return 'its texts are missing';
  try {
    engine.attachTexts(id, bytes);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Loads a serialized engine; throws SearchIndexError when it is damaged or of another version. */
export function loadSearchEngine(serialized: Uint8Array): SearchEngine {
  const { segments, settings } = decodeIndex(serialized);
  return new Engine(settingsFrom(settings), segments);
}
