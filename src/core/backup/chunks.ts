/**
 * Snapshots in content-addressed chunks: each table's records, in the order they were created,
 * cut into chunks where a record's id says so (content-defined boundaries), so that the same
 * records always make the same chunks. A snapshot names its chunks by their hash; a chunk that
 * an earlier snapshot wrote is not written again. An import adds chunks at the end; an edit
 * changes the one chunk that holds the record. Snapshots of an archive that changes a little
 * share nearly everything on disk.
 *
 * Original files go into packs: one zip per snapshot holding the originals no earlier
 * snapshot stored, instead of one file per original.
 */
import type { ArchiveTable } from './archive-file';

/**
 * Records per chunk: on average 1 in `BOUNDARY_EVERY` ends one, and never more than 8 times
 * as many. Small enough that a day of scattered edits rewrites a small part of a large archive
 * (an edit rewrites its chunk: some 32 sources), large enough that a snapshot of 50,000
 * sources is some 1,500 files, not 50,000.
 */
export const BOUNDARY_EVERY = 32;
/** A chunk also ends once its records reach this size (a few large sources). */
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
/** A pack ends once its originals reach this size. */
export const MAX_PACK_BYTES = 64 * 1024 * 1024;

/** The chunked tables: every table of an archive file but the originals' bytes, which go in packs. */
export type ChunkedTable = ArchiveTable;

/** What one snapshot holds: its chunks per table, its packs, and how many records of each kind. */
export interface SnapshotTree {
  format: 'fieldbook-snapshot';
  version: 2;
  /** The database schema the records were read in. */
  schemaVersion: number;
  savedAt: string;
  counts: Record<ChunkedTable, number>;
  /** Each table's chunks, in order, by file name. */
  chunks: Record<ChunkedTable, string[]>;
  /** The packs that hold this snapshot's original files. */
  packs: string[];
}

/** An original's record in a snapshot: its description, and the pack its bytes are in. */
export interface PackedOriginal {
  sha256: string;
  type: string;
  size: number;
  name?: string;
  pack: string;
}

/** 32-bit FNV-1a of a string: cheap, stable, and enough to spread boundaries evenly. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The key a record is stored under: its id, or an original's hash. */
export const keyOf = (record: object): string => {
  const r = record as { id?: unknown; sha256?: unknown };
  const key = r.id ?? r.sha256;
  return typeof key === 'string' || typeof key === 'number' ? String(key) : '';
};

/** Creation order, then key: new records come last, where new chunks go. */
export function creationOrder(a: object, b: object): number {
  const ca = (a as { createdAt?: unknown }).createdAt;
  const cb = (b as { createdAt?: unknown }).createdAt;
  const ta = typeof ca === 'number' ? ca : 0;
  const tb = typeof cb === 'number' ? cb : 0;
  if (ta !== tb) return ta - tb;
  const ka = keyOf(a);
  const kb = keyOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Cuts records (already in creation order), given as their JSON, into chunks: a chunk ends
 * after a record whose key hashes to a boundary, or when it reaches its limits. The same
 * records give the same chunks, whatever was added after them.
 */
export function cutChunks(
  records: readonly { key: string; json: string }[],
  boundaryEvery = BOUNDARY_EVERY,
): string[][] {
  const cutter = new ChunkCutter(boundaryEvery);
  const chunks: string[][] = [];
  for (const { key, json } of records) {
    const chunk = cutter.push(key, json);
    if (chunk) chunks.push(chunk);
  }
  const last = cutter.end();
  if (last) chunks.push(last);
  return chunks;
}

/**
 * `cutChunks` one record at a time, for a table read page by page: `push` returns a chunk
 * when a record closes one, `end` the last, unfinished one. The same records give the same
 * chunks as `cutChunks`.
 */
export class ChunkCutter {
  #current: string[] = [];
  #bytes = 0;
  readonly #every: number;

  constructor(boundaryEvery = BOUNDARY_EVERY) {
    this.#every = boundaryEvery;
  }

  push(key: string, json: string): string[] | undefined {
    this.#current.push(json);
    this.#bytes += json.length;
    if (
      fnv1a(key) % this.#every === 0 ||
      this.#current.length >= 8 * this.#every ||
      this.#bytes >= MAX_CHUNK_BYTES
    )
      return this.end();
    return undefined;
  }

  end(): string[] | undefined {
    const chunk = this.#current;
    this.#current = [];
    this.#bytes = 0;
    return chunk.length ? chunk : undefined;
  }
}

const STAMP = '(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})(\\d{3})Z';
export const CHUNK_PREFIX = 'chunk-';
export const PACK_PREFIX = 'pack-';
export const chunkName = (sha256: string): string => `${CHUNK_PREFIX}${sha256}`;
export const packName = (sha256: string): string => `${PACK_PREFIX}${sha256}`;
/** A snapshot of this format: its tree, `snapshot-<time>.json`. */
export const TREE = new RegExp(`^snapshot-${STAMP}\\.json$`);
export const isTree = (name: string): boolean => TREE.test(name);

/** Whether a parsed tree file is one this code can read. */
export function isSnapshotTree(value: unknown): value is SnapshotTree {
  const tree = value as Partial<SnapshotTree> | null;
  return (
    typeof tree === 'object' &&
    tree !== null &&
    tree.format === 'fieldbook-snapshot' &&
    typeof tree.version === 'number' &&
    typeof tree.chunks === 'object' &&
    tree.chunks !== null &&
    Array.isArray(tree.packs)
  );
}

/** Every chunk and pack the trees hold: what the folder must keep. */
export function heldFiles(trees: Iterable<SnapshotTree>): Set<string> {
  const held = new Set<string>();
  for (const tree of trees) {
    for (const names of Object.values(tree.chunks)) for (const name of names) held.add(name);
    for (const name of tree.packs) held.add(name);
  }
  return held;
}
