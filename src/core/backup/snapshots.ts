/**
 * Automatic snapshots: naming, which to keep, and whether the archive on this machine can be
 * trusted against the last snapshot's manifest. Pure rules; the app does the reading and
 * writing.
 */

export interface RecordCounts {
  sources: number;
  notes: number;
  incidents: number;
}

export interface SnapshotManifest {
  /** 1: each snapshot a `.fieldbook` file, originals beside it; 2: trees of shared chunks. */
  version: 1 | 2;
  /** The newest snapshot's file name. */
  latest: string;
  savedAt: string;
  counts: RecordCounts;
  /** Every kept snapshot with what it holds. */
  snapshots: Record<string, { savedAt: string; counts: RecordCounts }>;
  /**
   * Version 1: each original file in the folder (by stored name), with the first and last
   * snapshot that holds it.
   */
  originals?: OriginalSpans;
}

export type OriginalSpans = Record<string, { first: string; last: string }>;

/**
 * The originals' spans after snapshot `name` (which holds `held`), and the original files no
 * kept snapshot holds any more, which may be removed. A file is held by every snapshot from
 * its first to its last (a source is imported, then one day purged), so it is needed while a
 * kept snapshot falls in that span. A file no span accounts for (from before spans were kept)
 * is taken as held by every earlier snapshot.
 */
export function originalsAfter(
  spans: OriginalSpans | undefined,
  earlier: readonly string[],
  name: string,
  held: Iterable<string>,
  onDisk: Iterable<string>,
  keep: ReadonlySet<string>,
): { spans: OriginalSpans; remove: string[] } {
  const next: OriginalSpans = { ...spans };
  for (const file of held) next[file] = { first: next[file]?.first ?? name, last: name };
  const sorted = [...earlier].sort();
  for (const file of onDisk)
    next[file] ??= { first: sorted[0] ?? name, last: sorted[sorted.length - 1] ?? name };
  const kept = [...keep];
  const remove = Object.entries(next)
    .filter(([, { first, last }]) => !kept.some((k) => first <= k && k <= last))
    .map(([file]) => file);
  for (const file of remove) delete next[file];
  return { spans: next, remove };
}

export const MANIFEST_NAME = 'manifest.json';

/** A time as it is written in file names: 20261122T075110123Z. */
const stamp = (at: Date) => at.toISOString().replace(/[-:.]/g, '');
const STAMP = '(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})(\\d{3})Z';
// A snapshot: its tree (`.json`, chunks shared with other snapshots), or a whole `.fieldbook`
// file, as earlier versions wrote them.
const SNAPSHOT = new RegExp(`^snapshot-${STAMP}\\.(?:json|fieldbook)$`);
// A journal file: `.zip` (the writes, and the original files they stored, in one file), or
// `.json` (the writes alone, originals beside it) as earlier versions wrote it.
const JOURNAL = new RegExp(`^journal-${STAMP}-\\d{6}\\.(?:zip|json)$`);

function timeOf(pattern: RegExp, name: string): Date | undefined {
  const m = pattern.exec(name);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!));
}

export function snapshotName(at: Date): string {
  return `snapshot-${stamp(at)}.json`;
}

export const snapshotTime = (name: string): Date | undefined => timeOf(SNAPSHOT, name);

/** A journal file: the writes committed since the last one, named by time then sequence. */
export function journalName(at: Date, seq: number): string {
  return `journal-${stamp(at)}-${String(seq).padStart(6, '0')}.zip`;
}

export const journalTime = (name: string): Date | undefined => timeOf(JOURNAL, name);

export function originalName(sha256: string): string {
  return `original-${sha256}`;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The snapshots to keep: the three newest, the newest of each hour over the last day, and the
 * newest of each day over the last thirty days. Everything else may go.
 */
export function snapshotsToKeep(names: readonly string[], now: Date): Set<string> {
  const dated = names
    .map((name) => ({ name, at: snapshotTime(name)?.getTime() }))
    .filter((s): s is { name: string; at: number } => s.at !== undefined)
    .sort((a, b) => b.at - a.at);
  const keep = new Set(dated.slice(0, 3).map((s) => s.name));
  const seen = new Set<string>();
  for (const { name, at } of dated) {
    const age = now.getTime() - at;
    const bucket =
      age <= DAY ? `h${Math.floor(at / HOUR)}` : age <= 30 * DAY ? `d${Math.floor(at / DAY)}` : null;
    if (bucket && !seen.has(bucket)) {
      seen.add(bucket);
      keep.add(name);
    }
  }
  return keep;
}

export type Verdict =
  | { kind: 'ok' }
  /**
   * The archive holds nothing, but the last snapshot holds records, or the journal written
   * since (or before any snapshot) does.
   */
  | { kind: 'wiped'; manifest?: SnapshotManifest; current: RecordCounts; journaled: number }
  /** The archive holds fewer records of some kind than the last snapshot. */
  | { kind: 'shrunk'; manifest: SnapshotManifest; current: RecordCounts };

const total = (c: RecordCounts) => c.sources + c.notes + c.incidents;

/**
 * Whether the archive can be trusted: compared with the last snapshot's counts, and with
 * `journaled`, the records the change journal wrote since then (or since the start, when no
 * snapshot was taken yet).
 */
export function judge(manifest: SnapshotManifest | undefined, current: RecordCounts, journaled = 0): Verdict {
  if ((manifest ? total(manifest.counts) : 0) + journaled > 0 && total(current) === 0)
    return manifest ? { kind: 'wiped', manifest, current, journaled } : { kind: 'wiped', current, journaled };
  if (!manifest) return { kind: 'ok' };
  const before = manifest.counts;
  if (
    current.sources < before.sources ||
    current.notes < before.notes ||
    current.incidents < before.incidents
  )
    return { kind: 'shrunk', manifest, current };
  return { kind: 'ok' };
}
