/** What the sync property tests share: a seeded random source, and the writes they track. */

/** A seeded pseudo-random source (mulberry32): the same seed, the same run. */
export function random(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** A value written to one field by one machine, and what that machine had seen of each one's writes. */
export interface Written {
  /** The field (a record's, or a report's). */
  at: string;
  value: string;
  by: number;
  /** The writer's count of its own writes, this one included. */
  seq: number;
  seen: readonly number[];
}

/**
 * Whether a write was replaced knowingly: by another value written to the same field after
 * seeing this value written (by its writer, or by whoever wrote it first: settling a conflict
 * on a value restates it). Only such a write may be missing from the end state.
 */
export function replacedKnowingly(writes: readonly Written[], write: Written): boolean {
  return writes.some(
    (other) =>
      other.at === write.at &&
      other.value !== write.value &&
      writes.some((w) => w.at === write.at && w.value === write.value && (other.seen[w.by] ?? 0) >= w.seq),
  );
}
