/**
 * The persisted form of the index: one binary container, versioned and checksummed, holding
 * each segment's typed arrays as they are in memory (so loading is copying, not parsing) and
 * its stored documents. Anything that does not check out — wrong magic, another version, a
 * checksum or a bound that does not hold — is refused with a SearchIndexError, and the caller
 * rebuilds from the records instead of trusting it.
 */
import { FIELD_COUNT, Segment, type StoredDoc } from './segment';
import { PAIR_BYTES } from './phrase';

/**
 * 2: stored documents carry their page offsets. 3: and their word-pair signatures. 4: terms
 * without elision, possessives or inner apostrophes, French folded before it is stemmed,
 * compounds also joined, and signatures of analysed term pairs. 5: titles apart from texts,
 * and the texts optionally in a part of their own, read after the rest.
 */
export const INDEX_FORMAT_VERSION = 5;
const MAGIC = 0x46425358; // "FBSX"

export class SearchIndexError extends Error {
  override readonly name = 'SearchIndexError';
}

interface SegmentHeader {
  id?: string;
  docCount: number;
  termCount: number;
  postingCount: number;
  /** Byte offsets (from the start of the blob area) of each part. */
  /** `texts` is -1 when the texts are in a part of their own (see `encodeSegmentParts`). */
  at: Record<
    | 'terms'
    | 'postingStart'
    | 'postingDocs'
    | 'postingTfs'
    | 'fieldLengths'
    | 'deleted'
    | 'pairs'
    | 'titles'
    | 'texts',
    number
  >;
  bytes: Record<'terms' | 'titles' | 'texts', number>;
  /** The checksum of the texts when they are apart. */
  textsChecksum?: number;
  /** Per document: id, kind, date, language, region, tags, actors, places, stamp, title and text sizes in bytes. */
  docs: [
    string,
    string,
    string,
    string,
    string,
    string[],
    string[],
    string[],
    number,
    number,
    number,
    number[],
  ][];
}

interface Header {
  format: 'fieldbook-search';
  version: number;
  settings: unknown;
  segments: SegmentHeader[];
  blobBytes: number;
  checksum: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A fast 32-bit checksum (FNV-1a over 32-bit words, then the tail bytes). */
export function checksum(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  const words = Math.floor(bytes.byteLength / 4);
  if (bytes.byteOffset % 4 === 0) {
    // Aligned: read whole words at once (little-endian on every host we run on).
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
    for (let i = 0; i < words; i++) hash = Math.imul(hash ^ (view[i] ?? 0), 0x01000193);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < words; i++) hash = Math.imul(hash ^ view.getUint32(i * 4, true), 0x01000193);
  }
  for (let i = words * 4; i < bytes.byteLength; i++) hash = Math.imul(hash ^ (bytes[i] ?? 0), 0x01000193);
  return hash >>> 0;
}

const align = (n: number) => (n + 7) & ~7;

/** Titles and texts, each run end to end, and each document's byte lengths. */
function encodeDocs(segment: Segment): { titles: Uint8Array; texts: Uint8Array; sizes: [number, number][] } {
  const encoded = segment.docs.map((d) => [encoder.encode(d.title), encoder.encode(d.text)] as const);
  const titles = new Uint8Array(encoded.reduce((n, [t]) => n + t.byteLength, 0));
  const texts = new Uint8Array(encoded.reduce((n, [, x]) => n + x.byteLength, 0));
  let atTitle = 0;
  let atText = 0;
  for (const [title, text] of encoded) {
    titles.set(title, atTitle);
    texts.set(text, atText);
    atTitle += title.byteLength;
    atText += text.byteLength;
  }
  return { titles, texts, sizes: encoded.map(([t, x]) => [t.byteLength, x.byteLength]) };
}

/**
 * One segment as two parts: everything a search needs to find and rank documents (with
 * their titles), and their texts, which snippets and phrases need. Start-up reads the first
 * of every segment, then the texts: a search is answered before the texts are all read.
 */
export function encodeSegmentParts(segment: Segment): { bytes: Uint8Array; texts: Uint8Array } {
  const docs = encodeDocs(segment);
  return { bytes: encodeContainer([segment], null, [docs], true), texts: docs.texts };
}

export function encodeIndex(segments: readonly Segment[], settings: unknown): Uint8Array {
  return encodeContainer(segments, settings, segments.map(encodeDocs), false);
}

function encodeContainer(
  segments: readonly Segment[],
  settings: unknown,
  docs: readonly ReturnType<typeof encodeDocs>[],
  textsApart: boolean,
): Uint8Array {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const put = (bytes: Uint8Array): number => {
    const at = offset;
    parts.push(bytes);
    offset += bytes.byteLength;
    const pad = align(offset) - offset;
    if (pad) {
      parts.push(new Uint8Array(pad));
      offset += pad;
    }
    return at;
  };
  const view = (array: ArrayBufferView) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

  const headers = segments.map((segment, index): SegmentHeader => {
    const terms = encoder.encode(segment.terms.join('\n'));
    const { titles, texts, sizes } = docs[index] as ReturnType<typeof encodeDocs>;
    return {
      id: segment.id,
      docCount: segment.docCount,
      termCount: segment.terms.length,
      postingCount: segment.postingDocs.length,
      at: {
        terms: put(terms),
        postingStart: put(view(segment.postingStart)),
        postingDocs: put(view(segment.postingDocs)),
        postingTfs: put(view(segment.postingTfs)),
        fieldLengths: put(view(segment.fieldLengths)),
        deleted: put(view(segment.deleted)),
        pairs: put(segment.pairs),
        titles: put(titles),
        texts: textsApart ? -1 : put(texts),
      },
      bytes: { terms: terms.byteLength, titles: titles.byteLength, texts: texts.byteLength },
      ...(textsApart ? { textsChecksum: checksum(texts) } : {}),
      docs: segment.docs.map((d, i) => [
        d.id,
        d.kind,
        d.date,
        d.language,
        d.region,
        d.tags,
        d.actors,
        d.places,
        d.stamp,
        sizes[i]?.[0] ?? 0,
        sizes[i]?.[1] ?? 0,
        d.pages,
      ]),
    };
  });
  const blobs = new Uint8Array(offset);
  let at = 0;
  for (const part of parts) {
    blobs.set(part, at);
    at += part.byteLength;
  }
  const header: Header = {
    format: 'fieldbook-search',
    version: INDEX_FORMAT_VERSION,
    settings,
    segments: headers,
    blobBytes: blobs.byteLength,
    checksum: checksum(blobs),
  };
  const headerBytes = encoder.encode(JSON.stringify(header));
  const start = align(12 + headerBytes.byteLength);
  const out = new Uint8Array(start + blobs.byteLength);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, INDEX_FORMAT_VERSION, true);
  dv.setUint32(8, headerBytes.byteLength, true);
  out.set(headerBytes, 12);
  out.set(blobs, start);
  return out;
}

function copy<T>(make: (buffer: ArrayBuffer) => T, blobs: Uint8Array, at: number, bytes: number): T {
  if (at < 0 || at + bytes > blobs.byteLength)
    throw new SearchIndexError(`a part lies outside the file (at ${at})`);
  // Copy into a fresh, aligned buffer: the stored bytes may sit at any offset. Uint8Array's
  // own slice, because a Node Buffer's slice is a view on a shared pool, not a copy.
  return make(Uint8Array.prototype.slice.call(blobs, at, at + bytes).buffer);
}

type ArrayOf<T> = new (buffer: ArrayBuffer, byteOffset: number, length: number) => T;

/**
 * A read-only part as a view on the loaded bytes when it is aligned there (a part read from
 * storage is a buffer of its own, so it nearly always is): loading then copies nothing, and
 * makes no garbage. Otherwise a copy, as `copy` makes.
 */
function partView<T>(
  type: ArrayOf<T> & { BYTES_PER_ELEMENT: number },
  blobs: Uint8Array,
  at: number,
  length: number,
): T {
  const bytes = length * type.BYTES_PER_ELEMENT;
  if (at < 0 || at + bytes > blobs.byteLength)
    throw new SearchIndexError(`a part lies outside the file (at ${at})`);
  const offset = blobs.byteOffset + at;
  if (offset % type.BYTES_PER_ELEMENT === 0 && blobs.buffer instanceof ArrayBuffer)
    return new type(blobs.buffer, offset, length);
  return copy((b) => new type(b, 0, length), blobs, at, bytes);
}

export function decodeIndex(bytes: Uint8Array): { segments: Segment[]; settings: unknown } {
  if (bytes.byteLength < 12) throw new SearchIndexError('the file is too short to be a search index');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MAGIC) throw new SearchIndexError('the file is not a Fieldbook search index');
  const version = dv.getUint32(4, true);
  if (version !== INDEX_FORMAT_VERSION)
    throw new SearchIndexError(
      `the index has format version ${version}; this app reads ${INDEX_FORMAT_VERSION}`,
    );
  const headerLength = dv.getUint32(8, true);
  let header: Header;
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(12, 12 + headerLength))) as Header;
  } catch (error) {
    throw new SearchIndexError(`the index header cannot be read: ${String(error)}`);
  }
  const blobs = bytes.subarray(align(12 + headerLength));
  if (header.format !== 'fieldbook-search' || blobs.byteLength !== header.blobBytes)
    throw new SearchIndexError('the index is truncated or not of this kind');
  if (checksum(blobs) !== header.checksum)
    throw new SearchIndexError('the index checksum does not match: it is damaged');

  const segments = header.segments.map((h, index) => {
    const terms = h.termCount
      ? decoder.decode(blobs.subarray(h.at.terms, h.at.terms + h.bytes.terms)).split('\n')
      : [];
    const postingStart = partView(Uint32Array, blobs, h.at.postingStart, h.termCount * FIELD_COUNT + 1);
    const postingDocs = partView(Uint32Array, blobs, h.at.postingDocs, h.postingCount);
    const postingTfs = partView(Uint16Array, blobs, h.at.postingTfs, h.postingCount);
    const fieldLengths = partView(Uint32Array, blobs, h.at.fieldLengths, h.docCount * FIELD_COUNT);
    // Tombstones change as documents are deleted: a copy of their own.
    const deleted = copy((b) => new Uint8Array(b), blobs, h.at.deleted, h.docCount);
    const pairs = partView(Uint8Array, blobs, h.at.pairs, h.docCount * PAIR_BYTES);
    if (h.at.titles < 0 || h.at.titles + h.bytes.titles > blobs.byteLength)
      throw new SearchIndexError(`segment ${index} has titles outside the file`);
    const titles = blobs.subarray(h.at.titles, h.at.titles + h.bytes.titles);
    const apart = h.at.texts === -1;
    if (!apart && (h.at.texts < 0 || h.at.texts + h.bytes.texts > blobs.byteLength))
      throw new SearchIndexError(`segment ${index} has texts outside the file`);
    const texts = new SegmentTexts(
      h.bytes.texts,
      apart ? (h.textsChecksum ?? -1) : undefined,
      apart ? null : blobs.subarray(h.at.texts, h.at.texts + h.bytes.texts),
    );
    if (terms.length !== h.termCount || h.docs.length !== h.docCount)
      throw new SearchIndexError(`segment ${index} does not match its description`);
    for (let i = 1; i < postingStart.length; i++)
      if ((postingStart[i] ?? 0) < (postingStart[i - 1] ?? 0))
        throw new SearchIndexError(`segment ${index} has disordered postings`);
    if (postingStart[postingStart.length - 1] !== h.postingCount)
      throw new SearchIndexError(`segment ${index} has postings out of bounds`);
    let highest = 0;
    for (let i = 0; i < postingDocs.length; i++) highest = Math.max(highest, postingDocs[i] ?? 0);
    if (postingDocs.length && highest >= h.docCount)
      throw new SearchIndexError(`segment ${index} points past its documents`);

    let atTitle = 0;
    let atText = 0;
    const docs = h.docs.map(
      ([
        id,
        kind,
        date,
        language,
        region,
        tags,
        actors,
        places,
        stamp,
        titleBytes,
        textBytes,
        pages,
      ]): StoredDoc => {
        const doc = new LoadedDoc(titles, atTitle, titleBytes, texts, atText, textBytes, {
          pages,
          id,
          kind,
          date,
          language,
          region,
          tags,
          actors,
          places,
          stamp,
        });
        atTitle += titleBytes;
        atText += textBytes;
        return doc;
      },
    );
    if (atTitle !== titles.byteLength || atText !== h.bytes.texts)
      throw new SearchIndexError(`segment ${index} has titles or texts of the wrong length`);
    const segment = new Segment(
      docs,
      { terms, postingStart, postingDocs, postingTfs, fieldLengths, deleted, pairs },
      h.id,
    );
    if (apart) segment.texts = texts;
    return segment;
  });
  return { segments, settings: header.settings };
}

type DocFields = Omit<StoredDoc, 'title' | 'text'>;

/**
 * A segment's texts, end to end: in the loaded bytes, or in a part of their own that is read
 * after the rest and attached when it comes (checked against the length and checksum the
 * segment recorded). Until then the segment finds and ranks, but has no snippet to show.
 */
export class SegmentTexts {
  #bytes: Uint8Array | null;
  readonly #length: number;
  readonly #checksum: number | undefined;

  constructor(length: number, expectedChecksum: number | undefined, bytes: Uint8Array | null) {
    this.#length = length;
    this.#checksum = expectedChecksum;
    this.#bytes = bytes;
  }

  get loaded(): boolean {
    return this.#bytes !== null;
  }

  /** Attaches the texts read apart; throws SearchIndexError when they are not this segment's. */
  attach(bytes: Uint8Array): void {
    if (bytes.byteLength !== this.#length)
      throw new SearchIndexError(`its texts are ${bytes.byteLength} bytes, not ${this.#length}`);
    if (this.#checksum !== undefined && checksum(bytes) !== this.#checksum)
      throw new SearchIndexError('the checksum of its texts does not match: they are damaged');
    this.#bytes = bytes;
  }

  read(at: number, length: number): string {
    if (!this.#bytes) throw new Error('the texts of this part of the index are not read yet');
    return decoder.decode(this.#bytes.subarray(at, at + length));
  }
}

/**
 * A stored document read from a saved index. Its title and text stay encoded until they are
 * read (for the hits on screen, or to check a phrase): start-up decodes no text at all.
 */
class LoadedDoc implements StoredDoc {
  readonly id: string;
  readonly kind: string;
  readonly date: string;
  readonly language: string;
  readonly region: string;
  readonly tags: string[];
  readonly actors: string[];
  readonly places: string[];
  readonly stamp: number;
  readonly pages: number[];
  readonly #titles: Uint8Array;
  readonly #atTitle: number;
  readonly #titleBytes: number;
  readonly #texts: SegmentTexts;
  readonly #atText: number;
  readonly #textBytes: number;

  constructor(
    titles: Uint8Array,
    atTitle: number,
    titleBytes: number,
    texts: SegmentTexts,
    atText: number,
    textBytes: number,
    fields: DocFields,
  ) {
    this.#titles = titles;
    this.#atTitle = atTitle;
    this.#titleBytes = titleBytes;
    this.#texts = texts;
    this.#atText = atText;
    this.#textBytes = textBytes;
    this.id = fields.id;
    this.kind = fields.kind;
    this.date = fields.date;
    this.language = fields.language;
    this.region = fields.region;
    this.tags = fields.tags;
    this.actors = fields.actors;
    this.places = fields.places;
    this.stamp = fields.stamp;
    this.pages = fields.pages;
  }

  get title(): string {
    return decoder.decode(this.#titles.subarray(this.#atTitle, this.#atTitle + this.#titleBytes));
  }

  get text(): string {
    return this.#texts.read(this.#atText, this.#textBytes);
  }
}
