/**
 * Segments: the units the index is made of, as in Lucene. A segment is immutable once built:
 * its terms are sorted, and each term's postings (document, term frequency) per field sit in
 * typed arrays. Removing a document only marks it deleted (a tombstone) until segments are
 * merged. Scores are not stored: they are computed at query time from raw term frequencies,
 * field lengths and statistics over all segments, so that a document scores the same
 * whichever segment holds it.
 */
import { lunrApi, type TokenSet } from './lunr-api';
import { analyzerFor, LANGUAGE_BIT } from './analysis';
import { PAIR_BYTES } from './phrase';

export const FIELDS = ['title', 'text', 'tags', 'entity'] as const;
export type FieldName = (typeof FIELDS)[number];
export const FIELD_COUNT = FIELDS.length;
/** Multiplies a field's contribution to the score, as lunr's field boosts do. */
export const FIELD_BOOST: Readonly<Record<FieldName, number>> = { title: 5, text: 1, tags: 3, entity: 2 };

/** What a segment keeps of each document besides its postings. */
export interface StoredDoc {
  id: string;
  kind: string;
  title: string;
  text: string;
  tags: string[];
  date: string;
  language: string;
  region: string;
  /** Actor names: given on the record, or found in its text through the thesaurus. */
  actors: string[];
  /** Place names found in the text through the thesaurus. */
  places: string[];
  /** A version of the record (its update time), to tell a stale index entry from a fresh one. */
  stamp: number;
  /** Offsets in the text where each page starts; empty for documents without pages. */
  pages: number[];
}

/** The stored fields facets are counted on. */
export type FacetField = 'kind' | 'tags' | 'language' | 'region' | 'actors' | 'places';

/** A facet's values in a segment: document d has codes[start[d]] … codes[start[d + 1] − 1]. */
export interface FacetCodes {
  values: string[];
  start: Uint32Array;
  codes: Uint32Array;
}

export type AnalyzedFields = Readonly<Record<FieldName, readonly string[]>>;

export interface SegmentArrays {
  terms: string[];
  /** Start of the postings of term t in field f at [t * FIELD_COUNT + f]; one extra entry at the end. */
  postingStart: Uint32Array;
  postingDocs: Uint32Array;
  postingTfs: Uint16Array;
  /** Length (in terms) of field f of document d at [d * FIELD_COUNT + f]. */
  fieldLengths: Uint32Array;
  deleted: Uint8Array;
  /** Each document's word-pair signature, PAIR_BYTES after PAIR_BYTES (see phrase.ts). */
  pairs: Uint8Array;
}

/** Lookups a segment answers by binary search before it builds a hash of its vocabulary. */
const HASH_AFTER_LOOKUPS = 2000;

let segmentCounter = 0;

/** A new segment id: unique within this run and, with the time and a random part, across runs. */
export function newSegmentId(): string {
  segmentCounter++;
  return `s${Date.now().toString(36)}${segmentCounter.toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
}

export class Segment {
  /** Names the segment in the persisted index, which stores each segment once. */
  readonly id: string;
  readonly docs: StoredDoc[];
  readonly terms: string[];
  readonly postingStart: Uint32Array;
  readonly postingDocs: Uint32Array;
  readonly postingTfs: Uint16Array;
  readonly fieldLengths: Uint32Array;
  readonly deleted: Uint8Array;
  readonly pairs: Uint8Array;
  readonly fieldLengthSums: Float64Array;
  /**
   * Texts stored apart from the rest of a saved segment, and whether they have been read yet;
   * null when the segment holds its texts (built here, or loaded with them).
   */
  texts: { readonly loaded: boolean; attach(bytes: Uint8Array): void } | null = null;
  #deletedCount: number;
  #tokenSet: TokenSet | null = null;
  #facets = new Map<FacetField, FacetCodes>();
  #lookup: Map<string, number> | null = null;
  #lookups = 0;
  #analyzers: Uint8Array | null = null;
  #languagesPresent = 0;

  constructor(docs: StoredDoc[], arrays: SegmentArrays, id: string = newSegmentId()) {
    this.id = id;
    this.docs = docs;
    this.terms = arrays.terms;
    this.postingStart = arrays.postingStart;
    this.postingDocs = arrays.postingDocs;
    this.postingTfs = arrays.postingTfs;
    this.fieldLengths = arrays.fieldLengths;
    this.deleted = arrays.deleted;
    if (arrays.pairs.length !== docs.length * PAIR_BYTES)
      throw new Error(
        `segment ${id} has ${arrays.pairs.length} signature bytes for ${docs.length} documents`,
      );
    this.pairs = arrays.pairs;
    this.fieldLengthSums = new Float64Array(FIELD_COUNT);
    for (let d = 0; d < docs.length; d++)
      for (let f = 0; f < FIELD_COUNT; f++)
        this.fieldLengthSums[f] =
          (this.fieldLengthSums[f] ?? 0) + (this.fieldLengths[d * FIELD_COUNT + f] ?? 0);
    this.#deletedCount = this.deleted.reduce((n, x) => n + x, 0);
  }

  /** Whether its documents' texts can be read (for snippets, phrases and merges). */
  get textsLoaded(): boolean {
    return this.texts?.loaded ?? true;
  }

  get docCount(): number {
    return this.docs.length;
  }
  get liveCount(): number {
    return this.docs.length - this.#deletedCount;
  }
  get deletedCount(): number {
    return this.#deletedCount;
  }

  markDeleted(local: number): void {
    if (this.deleted[local] === 0) {
      this.deleted[local] = 1;
      this.#deletedCount++;
    }
  }

  /** Takes the tombstones kept beside a stored segment, newer than those inside it. */
  restoreDeleted(flags: Uint8Array): void {
    if (flags.length !== this.docCount)
      throw new Error(`segment ${this.id} has ${this.docCount} documents, not ${flags.length}`);
    this.deleted.set(flags);
    this.#deletedCount = flags.reduce((n, x) => n + (x ? 1 : 0), 0);
  }

  /**
   * The index of `term` in the sorted vocabulary, or -1. The first lookups search the sorted
   * terms (building a hash of a large vocabulary took a quarter of a second, on the first
   * search after start-up); once a segment has been asked many times — a prefix such as `tar*`
   * looks up thousands of terms in every segment — a hash of its vocabulary is built.
   */
  termIndex(term: string): number {
    if (this.#lookup) return this.#lookup.get(term) ?? -1;
    if (++this.#lookups > HASH_AFTER_LOOKUPS) {
      this.#lookup = new Map();
      for (let i = 0; i < this.terms.length; i++) this.#lookup.set(this.terms[i] as string, i);
      return this.#lookup.get(term) ?? -1;
    }
    const at = this.#lowerBound(term);
    return this.terms[at] === term ? at : -1;
  }

  /** The first index of the sorted vocabulary whose term is not below `term`. */
  #lowerBound(term: string): number {
    let lo = 0;
    let hi = this.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.terms[mid] as string) < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Documents-with-term counted per field, as lunr's idf counts them. */
  documentFrequency(termIndex: number): number {
    return (
      (this.postingStart[(termIndex + 1) * FIELD_COUNT] ?? 0) -
      (this.postingStart[termIndex * FIELD_COUNT] ?? 0)
    );
  }

  /** The run [from, to) of the sorted vocabulary holding the terms that start with `prefix`. */
  prefixRange(prefix: string): [number, number] {
    const lo = this.#lowerBound(prefix);
    let to = lo;
    while (to < this.terms.length && (this.terms[to] as string).startsWith(prefix)) to++;
    return [lo, to];
  }

  /**
   * The values of a facet, as small integers per document (built on first use): counting the
   * facets of thousands of matches is then a matter of incrementing an array.
   */
  facet(name: FacetField): FacetCodes {
    let codes = this.#facets.get(name);
    if (!codes) {
      const values: string[] = [];
      const codeOf = new Map<string, number>();
      const start = new Uint32Array(this.docs.length + 1);
      const list: number[] = [];
      this.docs.forEach((doc, d) => {
        start[d] = list.length;
        const raw = doc[name];
        for (const value of typeof raw === 'string' ? [raw] : raw) {
          if (!value) continue;
          let code = codeOf.get(value);
          if (code === undefined) {
            code = values.length;
            values.push(value);
            codeOf.set(value, code);
          }
          list.push(code);
        }
      });
      start[this.docs.length] = list.length;
      codes = { values, start, codes: Uint32Array.from(list) };
      this.#facets.set(name, codes);
    }
    return codes;
  }

  /**
   * The terms of some documents (by local index), field by field, each as many times as it
   * occurs: what `SegmentBuilder.add` takes. Read back from the postings in one pass, so that a
   * document indexed again after a thesaurus edit need not have its text analysed again.
   */
  termsOf(locals: readonly number[]): string[][][] {
    const fieldCount = FIELD_COUNT;
    const wanted = new Int32Array(this.docCount).fill(-1);
    locals.forEach((local, i) => (wanted[local] = i));
    const out = locals.map(() => FIELDS.map((): string[] => []));
    const { terms, postingStart, postingDocs, postingTfs } = this;
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t] as string;
      for (let f = 0; f < fieldCount; f++) {
        const to = postingStart[t * fieldCount + f + 1] as number;
        for (let i = postingStart[t * fieldCount + f] as number; i < to; i++) {
          const at = wanted[postingDocs[i] as number] as number;
          if (at < 0) continue;
          const list = (out[at] as string[][])[f] as string[];
          for (let n = postingTfs[i] as number; n > 0; n--) list.push(term);
        }
      }
    }
    return out;
  }

  /** A document's word-pair signature (see phrase.ts). */
  pairsOf(local: number): Uint8Array {
    return this.pairs.slice(local * PAIR_BYTES, (local + 1) * PAIR_BYTES);
  }

  /**
   * Each document's analyzer language, as a LANGUAGE_BIT (built on first use): a query term
   * found by one language's analysis matches only documents of that language.
   */
  get analyzers(): Uint8Array {
    if (!this.#analyzers) {
      const bits = new Uint8Array(this.docs.length);
      let present = 0;
      this.docs.forEach((doc, d) => {
        const bit = LANGUAGE_BIT[analyzerFor(doc.language)];
        bits[d] = bit;
        present |= bit;
      });
      this.#analyzers = bits;
      this.#languagesPresent = present;
    }
    return this.#analyzers;
  }

  /** The LANGUAGE_BITs of the documents this segment holds. */
  get languagesPresent(): number {
    void this.analyzers;
    return this.#languagesPresent;
  }

  /** lunr's automaton over the vocabulary, built on first use by a wildcard or fuzzy query. */
  get tokenSet(): TokenSet {
    this.#tokenSet ??= lunrApi.TokenSet.fromArray(this.terms);
    return this.#tokenSet;
  }
}

/** Collects analyzed documents and freezes them into a Segment. */
export class SegmentBuilder {
  readonly docs: StoredDoc[] = [];
  #lengths: number[] = [];
  #postings = new Map<string, (number[] | undefined)[]>();
  #deleted: number[] = [];
  #pairs: Uint8Array[] = [];

  get size(): number {
    return this.docs.length;
  }

  /** Adds a document with its analysed fields and its term-pair signature (see phrase.ts). */
  add(doc: StoredDoc, fields: AnalyzedFields, pairs: Uint8Array): number {
    const local = this.docs.length;
    this.docs.push(doc);
    this.#deleted.push(0);
    this.#pairs.push(pairs);
    FIELDS.forEach((field, f) => {
      const terms = fields[field];
      this.#lengths.push(terms.length);
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let perField = this.#postings.get(term);
        if (!perField) {
          perField = new Array<number[] | undefined>(FIELD_COUNT);
          this.#postings.set(term, perField);
        }
        (perField[f] ??= []).push(local, Math.min(tf, 0xffff));
      }
    });
    return local;
  }

  markDeleted(local: number): void {
    this.#deleted[local] = 1;
  }

  isDeleted(local: number): boolean {
    return this.#deleted[local] === 1;
  }

  freeze(): Segment {
    const terms = [...this.#postings.keys()].sort();
    const postingStart = new Uint32Array(terms.length * FIELD_COUNT + 1);
    let total = 0;
    for (const perField of this.#postings.values())
      for (const list of perField) total += list ? list.length / 2 : 0;
    const postingDocs = new Uint32Array(total);
    const postingTfs = new Uint16Array(total);
    let at = 0;
    terms.forEach((term, t) => {
      const perField = this.#postings.get(term) ?? [];
      for (let f = 0; f < FIELD_COUNT; f++) {
        postingStart[t * FIELD_COUNT + f] = at;
        const list = perField[f];
        if (!list) continue;
        for (let i = 0; i < list.length; i += 2) {
          postingDocs[at] = list[i] ?? 0;
          postingTfs[at] = list[i + 1] ?? 0;
          at++;
        }
      }
    });
    postingStart[terms.length * FIELD_COUNT] = at;
    const pairs = new Uint8Array(this.docs.length * PAIR_BYTES);
    this.#pairs.forEach((signature, d) => pairs.set(signature, d * PAIR_BYTES));
    return new Segment([...this.docs], {
      pairs,
      terms,
      postingStart,
      postingDocs,
      postingTfs,
      fieldLengths: Uint32Array.from(this.#lengths),
      deleted: Uint8Array.from(this.#deleted),
    });
  }
}

/**
 * Merges segments into one, dropping deleted documents. Postings are copied, not recomputed:
 * no text is analyzed again.
 */
export function mergeSegments(segments: readonly Segment[]): Segment {
  const docs: StoredDoc[] = [];
  const remaps = segments.map((segment) => {
    const remap = new Int32Array(segment.docCount).fill(-1);
    for (let d = 0; d < segment.docCount; d++) {
      if (segment.deleted[d]) continue;
      remap[d] = docs.length;
      docs.push(segment.docs[d] as StoredDoc);
    }
    return remap;
  });
  const fieldLengths = new Uint32Array(docs.length * FIELD_COUNT);
  const pairs = new Uint8Array(docs.length * PAIR_BYTES);
  segments.forEach((segment, s) => {
    const remap = remaps[s] as Int32Array;
    for (let d = 0; d < segment.docCount; d++) {
      const to = remap[d] ?? -1;
      if (to < 0) continue;
      pairs.set(segment.pairs.subarray(d * PAIR_BYTES, (d + 1) * PAIR_BYTES), to * PAIR_BYTES);
      for (let f = 0; f < FIELD_COUNT; f++)
        fieldLengths[to * FIELD_COUNT + f] = segment.fieldLengths[d * FIELD_COUNT + f] ?? 0;
    }
  });

  const allTerms = [...new Set(segments.flatMap((s) => s.terms))].sort();
  const capacity = segments.reduce((n, s) => n + s.postingDocs.length, 0);
  const docsOut = new Uint32Array(capacity);
  const tfsOut = new Uint16Array(capacity);
  let at = 0;
  const startOut: number[] = [];
  const terms: string[] = [];
  const cursors = new Array<number>(segments.length).fill(0);
  for (const term of allTerms) {
    const indexes = segments.map((segment, s) => {
      let c = cursors[s] ?? 0;
      while (c < segment.terms.length && (segment.terms[c] as string) < term) c++;
      cursors[s] = c;
      return segment.terms[c] === term ? c : -1;
    });
    const termStart = at;
    const fieldStarts: number[] = [];
    for (let f = 0; f < FIELD_COUNT; f++) {
      fieldStarts.push(at);
      segments.forEach((segment, s) => {
        const t = indexes[s] ?? -1;
        if (t < 0) return;
        const remap = remaps[s] as Int32Array;
        const from = segment.postingStart[t * FIELD_COUNT + f] ?? 0;
        const to = segment.postingStart[t * FIELD_COUNT + f + 1] ?? 0;
        for (let i = from; i < to; i++) {
          const doc = remap[segment.postingDocs[i] ?? 0] ?? -1;
          if (doc < 0) continue;
          docsOut[at] = doc;
          tfsOut[at] = segment.postingTfs[i] ?? 0;
          at++;
        }
      });
    }
    if (at === termStart) continue; // only deleted documents had it
    terms.push(term);
    startOut.push(...fieldStarts);
  }
  startOut.push(at);
  return new Segment(docs, {
    terms,
    postingStart: Uint32Array.from(startOut),
    postingDocs: docsOut.slice(0, at),
    postingTfs: tfsOut.slice(0, at),
    fieldLengths,
    deleted: new Uint8Array(docs.length),
    pairs,
  });
}
