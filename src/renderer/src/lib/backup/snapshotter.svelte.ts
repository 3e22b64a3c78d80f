/**
 * Automatic snapshots of the archive outside IndexedDB, and the check at start-up that the
 * database was not wiped or cut short since the last one.
 *
 * A snapshot is written a few seconds after changes stop (and every half minute while they
 * do not, as during a long import): each table's records in content-addressed chunks
 * (`chunk-<sha256>`, see `core/backup/chunks`), the original files no earlier snapshot stored
 * in a pack (`pack-<sha256>`), then the snapshot's tree (`snapshot-<time>.json`, naming its
 * chunks and packs) and a manifest of the snapshots kept. Chunks and packs that snapshots
 * share are stored once, so a snapshot writes about what changed since the one before.
 * Old snapshots are thinned (hourly for a day, daily for a month); a chunk or pack goes when
 * no kept snapshot names it. Snapshots of the older format (a whole `.fieldbook` file, its
 * originals beside it as `original-<sha256>`) can still be restored until they are thinned out.
 * Until the start-up check passes — or the user chooses to keep a suspicious archive — no
 * snapshot is taken, so a wiped database can never overwrite the snapshots that would restore
 * it.
 */
import { gunzipSync, gzipSync, unzipSync, zipSync, type Zippable } from 'fflate';
import {
  ARCHIVE_TABLES,
  firstInvalid,
  type ArchiveContent,
  type ArchiveError,
  type ArchiveRead,
  type ArchiveTable,
} from '../../../../core/backup/archive-file';
import {
  BOUNDARY_EVERY,
  CHUNK_PREFIX,
  ChunkCutter,
  chunkName,
  creationOrder,
  cutChunks,
  heldFiles,
  isSnapshotTree,
  isTree,
  keyOf,
  MAX_PACK_BYTES,
  PACK_PREFIX,
  packName,
  type PackedOriginal,
  type SnapshotTree,
} from '../../../../core/backup/chunks';
import { sha256Hex } from '../../../../core/import/hash';
import type { Original, Source } from '../../../../core/model/types';
import {
  journalName,
  journalTime,
  judge,
  MANIFEST_NAME,
  originalName,
  snapshotName,
  snapshotTime,
  snapshotsToKeep,
  type RecordCounts,
  type SnapshotManifest,
  type Verdict,
} from '../../../../core/backup/snapshots';
import type { BackupRepository } from '../data/backup';
import type { Journal, JournalOp } from '../data/journal';
import type { SnapshotFolder } from '../platform/types';

export interface SnapshotInfo {
  name: string;
  savedAt: string;
  counts: RecordCounts;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** The writes inside a journal zip; every other entry is an original file. */
const JOURNAL_OPS = 'ops.json';
/** Records read at a time when a snapshot reads a table. */
const SNAPSHOT_PAGE = 500;
/** A snapshot waits at least this many times as long as the last one took: at most a tenth of the time. */
const COST_FACTOR = 10;
/**
 * Between whole passes, a snapshot reads only the records that changed (and the chunks that
 * hold them); a whole pass — every record read, the folder listed — comes at the first
 * snapshot of a session and then at least this often, so that nothing it trusts goes stale.
 */
const WHOLE_PASS_EVERY_MS = 60 * 60_000;
/**
 * Journal files are kept this long before the snapshot that covers them, and the start-up
 * check looks this far back for writes no journal holds: a write stamped just before a
 * snapshot began may commit after it read its table (an import's batch takes a moment).
 */
const JOURNAL_OVERLAP_MS = 10_000;
/** The tables whose records say when they changed (`updatedAt`, `deletedAt`). */
const STAMPED_TABLES = ['sources', 'notes', 'incidents', 'passages'] as const;

/** A chunk the last snapshot wrote: its name, its records' keys, and whether a boundary closed it. */
interface PlannedChunk {
  name: string;
  keys: string[];
  /** False for a table's last chunk, ended because the records did (more may join it). */
  closed: boolean;
}

/** How the last snapshot cut a table, to cut again only where records changed. */
interface TablePlan {
  chunks: PlannedChunk[];
  /** Which chunk holds each key. */
  chunkOf: Map<string, number>;
}

/** What a table's pass gives: its chunks in order, and how they were cut. */
interface TablePass {
  names: string[];
  count: number;
  plan: TablePlan;
  /** Records read from the archive. */
  read: number;
}

/** A journal file as read: its writes and the original files inside it. */
interface ReadJournal {
  name: string;
  ops: JournalOp[];
  originals: Map<string, Uint8Array>;
}

/** How many sources, notes and incidents these journal files leave in place. */
function journaledRecords(journals: readonly ReadJournal[]): number {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local tally, never watched
  const live = new Set<string>();
  for (const { ops } of journals)
    for (const op of ops) {
      if (!['sources', 'notes', 'incidents'].includes(op.table)) continue;
      if (op.clear) for (const key of [...live]) if (key.startsWith(`${op.table}/`)) live.delete(key);
      for (const key of op.delete ?? []) live.delete(`${op.table}/${String(key)}`);
      for (const value of op.put ?? []) live.add(`${op.table}/${(value as { id: string }).id}`);
    }
  return live.size;
}

const planOf = (chunks: PlannedChunk[]): TablePlan => {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never watched
  const chunkOf = new Map<string, number>();
  chunks.forEach((chunk, i) => {
    for (const key of chunk.keys) chunkOf.set(key, i);
  });
  return { chunks, chunkOf };
};

export class Snapshotter {
  #backup: BackupRepository;
  #folder: SnapshotFolder;
  #delayMs: number;
  #maxWaitMs: number;
  #now: () => Date;
  /** When the oldest change not yet in a snapshot happened. */
  #dirtySince: number | undefined;
  #enabled = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | null = null;
  #again = false;
  #manifest = $state<SnapshotManifest | undefined>();
  #error = $state<string | undefined>();
  #busy = $state(false);
  #verdict = $state<Verdict>({ kind: 'ok' });
  #journal: Journal | undefined;
  #journalDelayMs: number;
  #buffer: JournalOp[] = [];
  #journalTimer: ReturnType<typeof setTimeout> | undefined;
  #journalSeq = 0;
  #boundaryEvery: number;
  #behind = false;
  /** How long the last snapshot took, and when it ended (milliseconds). */
  #lastCostMs = 0;
  #lastEnd = 0;
  /** The newest journal write: what `durable` waits for when nothing new is buffered. */
  #lastFlush: Promise<void> = Promise.resolve();
  #disposed = false;
  /** Snapshot trees read or written, by name. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache, never watched
  #trees = new Map<string, SnapshotTree>();
  /** Which pack holds each original, as of the snapshot `#packedFor`. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache, never watched
  #packed = new Map<string, string>();
  #packedFor: string | undefined;
  /** How the last snapshot cut each table; empty until a whole pass has been made. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never watched
  #plans = new Map<ArchiveTable, TablePlan>();
  /** Keys written since the last snapshot began, by table; `all` after a table was cleared. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never watched
  #dirty = new Map<string, Set<string>>();
  #dirtyAll = false;
  /** The folder's chunk and pack files as the last whole pass listed them, kept up to date since. */
  #present: Set<string> | null = null;
  #lastWholePass = -Infinity;
  /** What the last snapshot read: records, and whether it was a whole pass (for tests and figures). */
  #lastRead = { records: 0, whole: true };
  /** Each source's original, as the last snapshot read it (by the source's key). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never watched
  #origins = new Map<string, Original>();
  /** Folder writes, one after another: a journal file never races a snapshot. */
  #queue: Promise<unknown> = Promise.resolve();
  /**
   * Journal writes, one after another, but never behind a snapshot: a first snapshot of a big
   * import writes its originals for many seconds, and the journal must keep up meanwhile. (A
   * journal written during a snapshot is named after its start and outlives it; replaying it
   * again is harmless.)
   */
  #journalQueue: Promise<unknown> = Promise.resolve();

  constructor(
    backup: BackupRepository,
    folder: SnapshotFolder,
    options: {
      delayMs?: number;
      maxWaitMs?: number;
      now?: () => Date;
      /** The archive's change journal: its writes are kept between snapshots. */
      journal?: Journal;
      journalDelayMs?: number;
      /** One record in how many ends a chunk, on average (see `core/backup/chunks`). */
      boundaryEvery?: number;
    } = {},
  ) {
    this.#journal = options.journal;
    this.#journalDelayMs = options.journalDelayMs ?? 250;
    this.#boundaryEvery = options.boundaryEvery ?? BOUNDARY_EVERY;
    this.#journal?.listen((ops) => this.#journaled(ops));
    this.#backup = backup;
    this.#folder = folder;
    this.#delayMs = options.delayMs ?? 5_000;
    this.#maxWaitMs = options.maxWaitMs ?? 30_000;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp, never watched
    this.#now = options.now ?? (() => new Date());
  }

  /** Kept snapshots, newest first. */
  get snapshots(): SnapshotInfo[] {
    const all = Object.entries(this.#manifest?.snapshots ?? {}).map(([name, s]) => ({ name, ...s }));
    return all.sort((a, b) => b.name.localeCompare(a.name));
  }
  get lastSavedAt(): string | undefined {
    return this.#manifest?.savedAt;
  }
  /** Records the last snapshot read from the archive, and whether it read them all. */
  get lastRead(): { records: number; whole: boolean } {
    return this.#lastRead;
  }
  /** Why the last snapshot failed, until one succeeds. */
  get error(): string | undefined {
    return this.#error;
  }
  get busy(): boolean {
    return this.#busy;
  }
  /** The start-up check's finding, until the user acts on it. */
  get verdict(): Verdict {
    return this.#verdict;
  }

  async #readManifest(): Promise<SnapshotManifest | undefined> {
    const bytes = await this.#folder.read(MANIFEST_NAME);
    if (!bytes) return undefined;
    return JSON.parse(new TextDecoder().decode(bytes)) as SnapshotManifest;
  }

  /** Compares the database with the last snapshot's manifest and the journal written since. */
  async check(): Promise<Verdict> {
    this.#manifest = await this.#readManifest();
    const counts = await this.#backup.counts();
    const latest = this.#manifest?.latest;
    const latestAt = latest ? (snapshotTime(latest)?.getTime() ?? 0) : 0;
    // One read of the journal files the check needs: those since the newest snapshot, and
    // those of the moment before it that `#journalUnheld` compares against.
    const since = latest ? latestAt - JOURNAL_OVERLAP_MS : 0;
    const names = (await this.#folder.list())
      .filter((n) => (journalTime(n)?.getTime() ?? -1) >= since)
      .sort();
    const { journals: recent } = await this.#readableJournals(names);
    const sinceLatest = recent.filter((j) => (journalTime(j.name)?.getTime() ?? -1) >= latestAt);
    this.#verdict = judge(this.#manifest, counts, journaledRecords(sinceLatest));
    this.#behind =
      names.some((n) => (journalTime(n)?.getTime() ?? -1) >= latestAt) ||
      (!this.#manifest && counts.sources + counts.notes + counts.incidents > 0);
    if (this.#verdict.kind === 'ok' && latest) {
      try {
        if (await this.#journalUnheld(since, recent)) this.#behind = true;
      } catch (error) {
        // The archive is whole; only the last moment's work is not yet kept outside it.
        this.#error = error instanceof Error ? error.message : String(error);
        console.error('The work of the last moment before the app closed could not be journaled', error);
      }
    }
    return this.#verdict;
  }

  /**
   * Journals the records changed since the newest snapshot that no journal holds: those
   * committed in the moment before the app died, before their journal file was written. They
   * were in the database alone, where a wipe would take them; the user has seen them since.
   * Returns how many there were. (A record deleted for good, or taken out of the Trash, in
   * that moment leaves no mark to find it by: a restore would give it back as it was.)
   */
  async #journalUnheld(since: number, journals: readonly ReadJournal[]): Promise<number> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never watched
    const held = new Map<string, string | null>();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never watched
    const heldOriginals = new Set<string>();
    for (const { ops, originals } of journals) {
      for (const sha of originals.keys()) heldOriginals.add(sha);
      for (const op of ops) {
        if (op.clear)
          for (const key of [...held.keys()]) if (key.startsWith(`${op.table}/`)) held.delete(key);
        for (const key of op.delete ?? []) held.set(`${op.table}/${String(key)}`, null);
        for (const record of op.put ?? []) {
          if (op.table === 'originals') heldOriginals.add((record as { sha256: string }).sha256);
          else held.set(`${op.table}/${keyOf(record as object)}`, JSON.stringify(record));
        }
      }
    }
    const ops: JournalOp[] = [];
    const shas: string[] = [];
    for (const table of STAMPED_TABLES) {
      const unheld = (await this.#backup.changedSince(table, since)).filter(
        (record) => held.get(`${table}/${keyOf(record)}`) !== JSON.stringify(record),
      );
      if (unheld.length === 0) continue;
      ops.push({ table, put: unheld });
      if (table === 'sources')
        for (const { origin } of unheld as Source[])
          if (origin.kind === 'file' && origin.sha256 && !heldOriginals.has(origin.sha256))
            shas.push(origin.sha256);
    }
    const originals = (await this.#backup.recordsByKeys('originals', shas)).filter((o) => o !== undefined);
    if (originals.length) ops.unshift({ table: 'originals', put: originals });
    if (ops.length === 0) return 0;
    this.#journaled(ops);
    await this.flushJournal();
    return ops.reduce((n, op) => n + (op.table === 'originals' ? 0 : (op.put?.length ?? 0)), 0);
  }

  /**
   * Whether the archive holds work the newest snapshot lacks (a journal written since it, or
   * records and no snapshot at all), as the last check found: a snapshot is then due. A
   * start-up that changed nothing takes none.
   */
  get behind(): boolean {
    return this.#behind;
  }

  /** The journal files written since the newest snapshot (all of them when there is none), oldest first. */
  async #journalsSince(): Promise<string[]> {
    const latest = this.#manifest?.latest;
    const since = latest ? (snapshotTime(latest)?.getTime() ?? 0) : 0;
    return (await this.#folder.list()).filter((n) => (journalTime(n)?.getTime() ?? -1) >= since).sort();
  }

  /**
   * The journal since the newest snapshot, file by file; a file that cannot be read (cut short
   * when the app was killed while writing it) is named in `skipped`, never allowed to stop
   * the check or the restore of everything before it.
   */
  async #readableJournals(names?: readonly string[]): Promise<{
    journals: ReadJournal[];
    skipped: string[];
  }> {
    const journals: ReadJournal[] = [];
    const skipped: string[] = [];
    for (const name of names ?? (await this.#journalsSince())) {
      try {
        journals.push({ name, ...(await this.#readJournal(name)) });
      } catch (error) {
        console.error(`The journal file ${name} cannot be read and is skipped`, error);
        skipped.push(name);
      }
    }
    return { journals, skipped };
  }

  /** The user keeps the archive as it is, despite the check: snapshots resume from it. */
  keepAsIs(): void {
    this.#verdict = { kind: 'ok' };
    this.enable();
    // The journal belongs to the archive that was lost; it must not be replayed on this one.
    void this.#exclusive(() => this.#dropJournal(() => true)).catch((error: unknown) =>
      console.error('The old journal could not be removed', error),
    );
    this.changed();
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #journalSerial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#journalQueue.then(work, work);
    this.#journalQueue = next.catch(() => undefined);
    return next;
  }

  /** Work that removes or replays journal files: after every snapshot and journal write, alone. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    // It may replace the archive or the folder without a write the journal sees: the next
    // snapshot reads everything again.
    this.#plans.clear();
    this.#present = null;
    const next = Promise.all([this.#queue, this.#journalQueue]).then(work, work);
    this.#queue = this.#journalQueue = next.catch(() => undefined);
    return next;
  }

  #journaled(ops: JournalOp[]): void {
    // Kept even before the check has passed (the window is usable meanwhile); written once it has.
    if (this.#disposed) return;
    // What changed, for the next snapshot to read again.
    for (const op of ops) {
      if (op.clear) this.#dirtyAll = true;
      let keys = this.#dirty.get(op.table);
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never watched
      if (!keys) this.#dirty.set(op.table, (keys = new Set()));
      for (const record of op.put ?? []) keys.add(keyOf(record as object));
      for (const key of op.delete ?? []) keys.add(String(key));
    }
    this.#buffer.push(...ops);
    if (!this.#enabled) return;
    this.changed();
    // At most the delay after the first unwritten change, however many follow: a long import
    // commits every half second and must not keep pushing its journal back.
    this.#journalTimer ??= setTimeout(
      () => void this.flushJournal().catch(() => undefined),
      this.#journalDelayMs,
    );
  }

  /**
   * Writes the buffered writes to a journal file now: one zip holding the writes and the bytes
   * of the original files they stored. One file per flush: written one by one, a long import's
   * originals took seconds each second in a browser's private file system, and the journal
   * fell ever further behind the work it protects.
   */
  flushJournal(): Promise<void> {
    clearTimeout(this.#journalTimer);
    this.#journalTimer = undefined;
    const ops = this.#buffer.splice(0);
    if (ops.length === 0) return Promise.resolve();
    return (this.#lastFlush = this.#journalSerial(async () => {
      try {
        const files: Zippable = {};
        const stored = ops.map((op) => {
          if (op.table !== 'originals' || !op.put) return op;
          const put = (op.put as { sha256: string; bytes: Uint8Array }[]).map(({ bytes, ...meta }) => {
            files[originalName(meta.sha256)] = [bytes, { level: 0 }];
            return meta;
          });
          return { ...op, put };
        });
        files[JOURNAL_OPS] = encoder.encode(JSON.stringify({ version: 2, ops: stored }));
        await this.#folder.write(journalName(this.#now(), ++this.#journalSeq), zipSync(files, { level: 0 }));
      } catch (error) {
        this.#error = error instanceof Error ? error.message : String(error);
        console.error('The change journal could not be written', error);
        throw error;
      }
    }));
  }

  /**
   * Resolves once every write committed before the call is held outside IndexedDB (in a
   * journal file), so that a wipe of the database cannot take it; rejects if that file could
   * not be written. What the import counts as saved waits for this.
   */
  async durable(): Promise<void> {
    // A commit reaches the journal in its transaction's complete event, which may still be
    // running for the caller's transaction: a task later, it has.
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.#lastFlush = this.#buffer.length ? this.flushJournal() : this.#lastFlush;
    return this.#lastFlush;
  }

  /** A journal file's writes, and the original files it holds (none in the older `.json` form). */
  async #readJournal(name: string): Promise<{ ops: JournalOp[]; originals: Map<string, Uint8Array> }> {
    const content = await this.#folder.read(name);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never watched
    const originals = new Map<string, Uint8Array>();
    if (!content) return { ops: [], originals };
    if (!name.endsWith('.zip'))
      return { ops: (JSON.parse(decoder.decode(content)) as { ops: JournalOp[] }).ops, originals };
    const files = unzipSync(content);
    for (const [entry, bytes] of Object.entries(files))
      if (entry !== JOURNAL_OPS) originals.set(entry, bytes);
    const ops = files[JOURNAL_OPS];
    if (!ops) throw new Error(`${name} holds no writes`);
    return { ops: (JSON.parse(decoder.decode(ops)) as { ops: JournalOp[] }).ops, originals };
  }

  async #dropJournal(older: (at: Date) => boolean): Promise<void> {
    for (const name of await this.#folder.list()) {
      const at = journalTime(name);
      if (at && older(at)) await this.#folder.remove(name);
    }
  }

  /** Stops the timers (snapshot and journal); nothing more is written. */
  dispose(): void {
    this.#enabled = false;
    this.#disposed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#journalTimer);
    this.#journalTimer = undefined;
  }

  /** Allows snapshots from now on (after a passed check, or the user's choice). */
  enable(): void {
    this.#enabled = true;
    // Work done while the check ran goes to the journal now, and into the next snapshot.
    if (this.#buffer.length) {
      this.changed();
      this.#journalTimer ??= setTimeout(
        () => void this.flushJournal().catch(() => undefined),
        this.#journalDelayMs,
      );
    }
  }

  /**
   * Something changed: a snapshot follows once changes have settled — or, while they keep
   * coming (a long import), no later than `maxWaitMs` after the first of them.
   */
  changed(): void {
    if (!this.#enabled) return;
    const now = Date.now();
    this.#dirtySince ??= now;
    // A large archive's snapshot takes seconds of reading: they are spaced out so that they take
    // at most a tenth of the time (the journal keeps the work in between).
    const spacing = this.#lastEnd + COST_FACTOR * this.#lastCostMs - now;
    const delay = Math.max(0, spacing, Math.min(this.#delayMs, this.#dirtySince + this.#maxWaitMs - now));
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.take().catch(() => undefined), delay);
  }

  /** Takes a snapshot now (one at a time; a request during one runs once it ends). */
  take(): Promise<void> {
    if (!this.#enabled) return Promise.reject(new Error('snapshots are paused until the archive is checked'));
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#serial(() => this.#take()).finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        void this.take().catch(() => undefined);
      }
    });
    return this.#running;
  }

  async #take(): Promise<void> {
    this.#busy = true;
    this.#dirtySince = undefined;
    clearTimeout(this.#timer);
    try {
      const at = this.#now();
      const began = performance.now();
      const stored = (n: string) => this.#folder.storedName?.(n) ?? n;
      // A commit reaches the journal's listeners a task after it completes: let those made
      // before this snapshot began arrive. What changed from then on is for the next snapshot.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const dirty = this.#dirty;
      const dirtyAll = this.#dirtyAll;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never watched
      this.#dirty = new Map();
      this.#dirtyAll = false;
      const whole =
        !this.#journal ||
        dirtyAll ||
        !this.#present ||
        this.#plans.size === 0 ||
        Date.now() - this.#lastWholePass >= WHOLE_PASS_EVERY_MS;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never watched
      const present = whole || !this.#present ? new Set(await this.#folder.list()) : this.#present;
      // Until this snapshot succeeds, the next one reads everything again.
      const plans = this.#plans;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never watched
      this.#plans = new Map();
      this.#present = null;
      let read = 0;
      const chunks = {} as SnapshotTree['chunks'];
      const tableCounts = {} as SnapshotTree['counts'];
      // The originals are described by the sources that came from them.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never watched
      const described = new Map<string, Original>();
      // The sources' originals: kept from the last snapshot for the sources it did not read again.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never watched
      const lastOrigins = whole ? new Map<string, Original>() : this.#origins;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never watched
      const origins = new Map<string, Original>();
      const describe = (record: object | undefined, key: string) => {
        if (!record) {
          const kept = lastOrigins.get(key);
          if (kept) origins.set(key, kept);
          return;
        }
        const { origin } = record as Source;
        if (origin?.kind === 'file' && origin.sha256)
          origins.set(key, {
            sha256: origin.sha256,
            type: origin.type,
            size: origin.size,
            name: origin.name,
            bytes: new Uint8Array(),
          });
      };
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never watched
      const newPlans = new Map<ArchiveTable, TablePlan>();
      for (const table of ARCHIVE_TABLES) {
        if (table === 'originals') continue;
        const plan = plans.get(table);
        const onRecord = table === 'sources' ? describe : undefined;
        const written =
          whole || !plan
            ? await this.#chunkTable(table, present, onRecord)
            : // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never watched
              await this.#chunkChanges(table, plan, dirty.get(table) ?? new Set(), present, onRecord);
        chunks[table] = written.names;
        tableCounts[table] = written.count;
        newPlans.set(table, written.plan);
        read += written.read;
      }
      for (const original of origins.values())
        if (!described.has(original.sha256)) described.set(original.sha256, original);
      const originals = await this.#packOriginals(await this.#backup.storedOriginals(described), present);
      chunks.originals = await this.#writeChunks(originals, present);
      tableCounts.originals = originals.length;
      const counts: RecordCounts = {
        sources: tableCounts.sources,
        notes: tableCounts.notes,
        incidents: tableCounts.incidents,
      };
      const tree: SnapshotTree = {
        format: 'fieldbook-snapshot',
        version: 2,
        schemaVersion: this.#backup.schemaVersion,
        savedAt: at.toISOString(),
        counts: tableCounts,
        chunks,
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local set, never watched
        packs: [...new Set(originals.map((o) => o.pack))].sort(),
      };
      const name = snapshotName(at);
      await this.#folder.write(name, encoder.encode(JSON.stringify(tree)));
      this.#trees.set(name, tree);
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache, never watched
      this.#packed = new Map(originals.map((o) => [o.sha256, o.pack]));
      this.#packedFor = name;

      const previous = this.#manifest?.snapshots ?? {};
      const keep = snapshotsToKeep([...Object.keys(previous), name], at);
      const snapshots = Object.fromEntries(
        [...Object.entries(previous), [name, { savedAt: at.toISOString(), counts }] as const].filter(([n]) =>
          keep.has(n),
        ),
      );
      const manifest: SnapshotManifest = {
        version: 2,
        latest: name,
        savedAt: at.toISOString(),
        counts,
        snapshots,
      };
      // The manifest names only snapshots that are on disk: written after the snapshot, before any removal.
      await this.#folder.write(MANIFEST_NAME, encoder.encode(JSON.stringify(manifest)));
      this.#manifest = manifest;
      for (const old of Object.keys(previous))
        if (!keep.has(old)) {
          await this.#folder.remove(old);
          this.#trees.delete(old);
        }
      await this.#removeUnheld(Object.keys(snapshots), present, stored);
      // Journal files written before this snapshot began hold nothing it lacks; those of the
      // moment before it are kept a while, for the next start-up's check (`#journalUnheld`).
      await this.#dropJournal((written) => written.getTime() < at.getTime() - JOURNAL_OVERLAP_MS);
      this.#plans = newPlans;
      this.#present = present;
      this.#origins = origins;
      if (whole) this.#lastWholePass = Date.now();
      this.#lastRead = { records: read, whole };
      this.#error = undefined;
      this.#lastCostMs = performance.now() - began;
      this.#lastEnd = Date.now();
    } catch (error) {
      // Plans stay cleared: the next snapshot reads everything again.
      this.#error = error instanceof Error ? error.message : String(error);
      console.error('The snapshot could not be written', error);
      throw error;
    } finally {
      this.#busy = false;
    }
  }

  /**
   * Each original's record as the snapshot keeps it, with the pack that holds its bytes. The
   * originals no kept pack holds yet are read from the archive and written in new packs,
   * many to a file.
   */
  async #packOriginals(originals: readonly Original[], present: Set<string>): Promise<PackedOriginal[]> {
    const stored = (n: string) => this.#folder.storedName?.(n) ?? n;
    const packed = await this.#packedOriginals();
    const out: PackedOriginal[] = [];
    const missing: Original[] = [];
    for (const { bytes: _bytes, ...meta } of originals) {
      const pack = packed.get(meta.sha256);
      if (pack && present.has(stored(pack))) out.push({ ...meta, pack });
      else missing.push({ ...meta, bytes: new Uint8Array() });
    }
    let group: Original[] = [];
    let size = 0;
    const flush = async () => {
      if (group.length === 0) return;
      const bytes = await this.#backup.originalsBytes(group.map((o) => o.sha256));
      const files: Zippable = {};
      group.forEach((original, i) => {
        const content = bytes[i];
        if (content) files[original.sha256] = [content, { level: 0 }];
      });
      const zip = zipSync(files, { level: 0 });
      const name = packName(await sha256Hex(zip));
      if (!present.has(stored(name))) {
        await this.#folder.write(name, zip);
        present.add(stored(name));
      }
      for (const original of group) {
        if (!(original.sha256 in files)) continue; // purged while the snapshot was being taken
        const { bytes: _bytes, ...meta } = original;
        out.push({ ...meta, pack: name });
      }
      group = [];
      size = 0;
    };
    for (const original of missing) {
      group.push(original);
      size += original.size;
      if (size >= MAX_PACK_BYTES) await flush();
    }
    await flush();
    return out;
  }

  /** Which pack holds each original, as the newest snapshot of this format says. */
  async #packedOriginals(): Promise<Map<string, string>> {
    const latest = this.#manifest?.latest;
    if (this.#packedFor === latest) return this.#packed;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never watched
    const packed = new Map<string, string>();
    if (latest && isTree(latest)) {
      try {
        const tree = await this.#tree(latest);
        for (const name of tree.chunks.originals ?? [])
          for (const original of (await this.#readChunk(name)) as PackedOriginal[])
            packed.set(original.sha256, original.pack);
      } catch (error) {
        // The newest snapshot cannot say where its originals are: they are packed again.
        console.error(`The snapshot ${latest} cannot be read; its original files are stored again`, error);
        packed.clear();
      }
    }
    return packed;
  }

  /**
   * Writes a table as chunks, reading it a page at a time in creation order and letting the
   * window work between pages: a snapshot of a large archive never holds it all at once, nor
   * the page's thread for long. (What is written meanwhile is in the journal kept after it.)
   */
  async #chunkTable(
    table: ArchiveTable,
    present: Set<string>,
    onRecord?: (record: object | undefined, key: string) => void,
  ): Promise<TablePass> {
    const keys = await this.#backup.keysInCreationOrder(table);
    const cut = this.#cut(present, onRecord);
    for (let i = 0; i < keys.length; i += SNAPSHOT_PAGE) {
      for (const record of await this.#backup.recordsByKeys(table, keys.slice(i, i + SNAPSHOT_PAGE)))
        if (record) await cut.push(record); // (one removed since the keys were read: the journal holds that)
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return { ...(await cut.end()), read: keys.length };
  }

  /**
   * Writes a table as chunks like `#chunkTable`, but reads only the records written since the
   * last snapshot (`dirty`), those added, and the other records of the chunks that hold them:
   * a chunk none of whose records changed, met where the cut is in step with the last
   * snapshot's, is the same chunk and is named again without being read. The result is the
   * chunks a whole pass would write. Only the table's keys are listed in full.
   */
  async #chunkChanges(
    table: ArchiveTable,
    plan: TablePlan,
    dirty: ReadonlySet<string>,
    present: Set<string>,
    onRecord?: (record: object | undefined, key: string) => void,
  ): Promise<TablePass> {
    const keys = await this.#backup.keysInCreationOrder(table);
    const cut = this.#cut(present, onRecord);
    let read = 0;
    /** Whether the cut is in step with the last snapshot's: nothing waits in the cutter. */
    let inStep = true;
    const sameRun = (at: number, run: readonly string[]) => {
      if (at + run.length > keys.length) return false;
      for (let i = 0; i < run.length; i++) if (keys[at + i] !== run[i]) return false;
      return true;
    };
    let at = 0;
    while (at < keys.length) {
      const key = keys[at] as string;
      const held = plan.chunkOf.get(key);
      const chunk = held === undefined ? undefined : plan.chunks[held];
      if (
        inStep &&
        chunk &&
        chunk.keys[0] === key &&
        sameRun(at, chunk.keys) &&
        // An open last chunk is the same only if nothing comes after it now.
        (chunk.closed || at + chunk.keys.length === keys.length) &&
        !chunk.keys.some((k) => dirty.has(k))
      ) {
        cut.reuse(chunk);
        at += chunk.keys.length;
        continue;
      }
      // Read from here to the end of the chunk that held this record, or a page of new records.
      let end = at + 1;
      if (chunk) end = Math.min(keys.length, at + chunk.keys.length - chunk.keys.indexOf(key));
      else
        while (end < keys.length && end - at < SNAPSHOT_PAGE && !plan.chunkOf.has(keys[end] as string)) end++;
      const batch = keys.slice(at, end);
      const records = await this.#backup.recordsByKeys(table, batch);
      read += batch.length;
      for (const record of records) if (record) await cut.push(record);
      inStep = cut.empty;
      at = end;
      if (read >= SNAPSHOT_PAGE && read % SNAPSHOT_PAGE < batch.length)
        await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return { ...(await cut.end()), read };
  }

  /**
   * A table's cut in progress: records pushed in creation order, chunks written as they close
   * and noted in the plan; a chunk the last snapshot wrote can be taken again as it is.
   */
  #cut(present: Set<string>, onRecord?: (record: object | undefined, key: string) => void) {
    const cutter = new ChunkCutter(this.#boundaryEvery);
    const planned: PlannedChunk[] = [];
    let pending: string[] = [];
    let count = 0;
    return {
      /** Whether nothing waits in the cutter: the cut is at a boundary. */
      get empty() {
        return pending.length === 0;
      },
      push: async (record: object) => {
        const key = keyOf(record);
        onRecord?.(record, key);
        count++;
        pending.push(key);
        const chunk = cutter.push(key, JSON.stringify(record));
        if (chunk) {
          planned.push({ name: await this.#writeChunk(chunk, present), keys: pending, closed: true });
          pending = [];
        }
      },
      reuse: (chunk: PlannedChunk) => {
        planned.push(chunk);
        for (const key of chunk.keys) onRecord?.(undefined, key);
        count += chunk.keys.length;
      },
      end: async (): Promise<Omit<TablePass, 'read'>> => {
        const last = cutter.end();
        if (last) planned.push({ name: await this.#writeChunk(last, present), keys: pending, closed: false });
        return { names: planned.map((c) => c.name), count, plan: planOf(planned) };
      },
    };
  }

  /** One chunk, named by its hash: written unless the folder has it already. */
  async #writeChunk(records: readonly string[], present: Set<string>): Promise<string> {
    const stored = (n: string) => this.#folder.storedName?.(n) ?? n;
    const bytes = encoder.encode(`[${records.join(',')}]`);
    const name = chunkName(await sha256Hex(bytes));
    if (!present.has(stored(name))) {
      await this.#folder.write(name, gzipSync(bytes));
      present.add(stored(name));
    }
    return name;
  }

  /** Writes records (in memory) as chunks; returns their names, in order. */
  async #writeChunks(records: readonly object[], present: Set<string>): Promise<string[]> {
    const ordered = [...records].sort(creationOrder);
    const cut = cutChunks(
      ordered.map((r) => ({ key: keyOf(r), json: JSON.stringify(r) })),
      this.#boundaryEvery,
    );
    const names: string[] = [];
    for (const chunk of cut) names.push(await this.#writeChunk(chunk, present));
    return names;
  }

  /** A chunk's records, checked against the hash it is named by. */
  async #readChunk(name: string): Promise<unknown[]> {
    const packed = await this.#folder.read(name);
    if (!packed) throw new Error(`${name} is missing`);
    let bytes: Uint8Array;
    try {
      bytes = gunzipSync(packed);
    } catch (error) {
      throw new Error(`${name} cannot be read (${error instanceof Error ? error.message : String(error)})`);
    }
    if (chunkName(await sha256Hex(bytes)) !== name) throw new Error(`${name} does not match its checksum`);
    const records: unknown = JSON.parse(decoder.decode(bytes));
    if (!Array.isArray(records)) throw new Error(`${name} is not a list of records`);
    return records as unknown[];
  }

  async #tree(name: string): Promise<SnapshotTree> {
    const cached = this.#trees.get(name);
    if (cached) return cached;
    const bytes = await this.#folder.read(name);
    if (!bytes) throw new Error(`${name} is missing`);
    const tree: unknown = JSON.parse(decoder.decode(bytes));
    if (!isSnapshotTree(tree)) throw new Error(`${name} is not a snapshot`);
    this.#trees.set(name, tree);
    return tree;
  }

  /**
   * Removes the chunks and packs no kept snapshot holds, and the original files of the older
   * format once no snapshot of that format is kept. A kept snapshot that cannot be read
   * removes nothing: what it holds is not known.
   */
  async #removeUnheld(kept: readonly string[], present: Set<string>, stored: (n: string) => string) {
    const trees: SnapshotTree[] = [];
    for (const name of kept) {
      if (!isTree(name)) continue;
      try {
        trees.push(await this.#tree(name));
      } catch (error) {
        console.error(`The snapshot ${name} cannot be read; no chunk is removed`, error);
        return;
      }
    }
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local set, never watched
    const held = new Set([...heldFiles(trees)].map(stored));
    const legacyKept = kept.some((name) => !isTree(name));
    for (const file of present) {
      const chunked = file.startsWith(CHUNK_PREFIX) || file.startsWith(PACK_PREFIX);
      if ((chunked && !held.has(file)) || (!legacyKept && file.startsWith('original-'))) {
        await this.#folder.remove(file);
        present.delete(file);
      }
    }
  }

  /**
   * Starts the folder afresh (when the archive became a vault: its clear snapshots, journal and
   * originals must not outlive the conversion), keeping only `keep`, then takes a snapshot.
   */
  async startOver(keep: readonly string[]): Promise<void> {
    this.#buffer = [];
    await this.#exclusive(async () => {
      for (const name of await this.#folder.list()) if (!keep.includes(name)) await this.#folder.remove(name);
      this.#manifest = undefined;
    });
    if (this.#enabled) await this.take();
  }

  /**
   * Replaces the archive with a `.fieldbook` file the user chose, then snapshots the result at
   * once, so that what came before (snapshots and journal) is not mistaken for newer work.
   */
  async restoreFile(bytes: Uint8Array): Promise<ArchiveRead> {
    const read = await this.#exclusive(async () => {
      this.#journal?.suspend(true);
      try {
        const result = await this.#backup.restoreArchive(bytes);
        if (result.ok) await this.#dropJournal(() => true);
        return result;
      } finally {
        this.#journal?.suspend(false);
      }
    });
    if (read.ok) {
      this.#verdict = { kind: 'ok' };
      this.enable();
      await this.take();
    }
    return read;
  }

  /**
   * Everything a snapshot of chunks holds, each chunk and original checked against its hash,
   * each record against what a record must hold; or why it cannot be restored.
   */
  async #treeContent(name: string): Promise<ArchiveContent | ArchiveError> {
    const damaged = (detail: string): ArchiveError => ({ code: 'damaged', detail });
    let tree: SnapshotTree;
    try {
      tree = await this.#tree(name);
    } catch (error) {
      return damaged(error instanceof Error ? error.message : String(error));
    }
    if (tree.version > 2 || tree.schemaVersion > this.#backup.schemaVersion)
      return {
        code: 'newerVersion',
        detail: `the snapshot was made by a newer Fieldbook (format ${tree.version}, schema ${tree.schemaVersion})`,
      };
    const content = {} as Record<ArchiveTable, unknown[]>;
    for (const table of ARCHIVE_TABLES) {
      const records: unknown[] = [];
      try {
        for (const chunk of tree.chunks[table] ?? []) records.push(...(await this.#readChunk(chunk)));
      } catch (error) {
        return damaged(error instanceof Error ? error.message : String(error));
      }
      if (records.length !== (tree.counts[table] ?? 0))
        return damaged(`${name} holds ${records.length} ${table}, it says ${tree.counts[table]}`);
      const invalid = firstInvalid(table, records);
      if (invalid !== undefined)
        return { code: 'invalidRecord', detail: `record ${invalid + 1} of ${table} is incomplete` };
      content[table] = records;
    }
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never watched
    const byPack = new Map<string, PackedOriginal[]>();
    for (const original of content.originals as PackedOriginal[])
      byPack.set(original.pack, [...(byPack.get(original.pack) ?? []), original]);
    const originals: Original[] = [];
    for (const [pack, wanted] of byPack) {
      const bytes = await this.#folder.read(pack);
      if (!bytes) return damaged(`${pack}, which holds ${wanted.length} original files, is missing`);
      let files: Record<string, Uint8Array>;
      try {
        files = unzipSync(bytes);
      } catch (error) {
        return damaged(`${pack} cannot be read: ${String(error)}`);
      }
      for (const { pack: _pack, ...meta } of wanted) {
        const file = files[meta.sha256];
        if (!file || (await sha256Hex(file)) !== meta.sha256)
          return damaged(`the original file ${meta.name ?? meta.sha256} is missing or altered in ${pack}`);
        originals.push({ ...meta, bytes: file } as Original);
      }
    }
    return { ...(content as unknown as ArchiveContent), originals };
  }

  /**
   * Replaces the archive with a snapshot: the newest (with the journal written since, so only
   * the last second or so of work is at risk), or an older one chosen by name (the journal
   * after it is then dropped: it belongs to the timeline being left). With no snapshot yet,
   * the journal alone is replayed onto the empty archive.
   */
  async restore(
    name: string | undefined = this.#manifest?.latest,
  ): Promise<{ ok: true; skipped: string[] } | { ok: false; error: ArchiveError }> {
    const latest = name === this.#manifest?.latest;
    const original = async (sha: string) => (await this.#folder.read(originalName(sha))) ?? undefined;
    return this.#exclusive(async () => {
      const { journals, skipped } = latest ? await this.#readableJournals() : { journals: [], skipped: [] };
      if (!name && journals.length === 0)
        return { ok: false, error: { code: 'notArchive', detail: 'there is no snapshot' } } as const;
      this.#journal?.suspend(true);
      try {
        if (name && isTree(name)) {
          const read = await this.#treeContent(name);
          if ('code' in read) return { ok: false, error: read } as const;
          await this.#backup.replaceWith(read);
        } else if (name) {
          const bytes = await this.#folder.read(name);
          if (!bytes) return { ok: false, error: { code: 'damaged', detail: `${name} is missing` } } as const;
          const read = await this.#backup.restoreArchive(bytes, { original });
          if (!read.ok) return read;
        }
        if (latest) {
          for (const { ops, originals } of journals)
            await this.#backup.applyJournal(
              ops,
              async (sha) => originals.get(originalName(sha)) ?? (await original(sha)),
            );
        } else {
          await this.#dropJournal(() => true);
        }
        this.#verdict = { kind: 'ok' };
        this.enable();
        return { ok: true, skipped } as const;
      } finally {
        this.#journal?.suspend(false);
      }
    });
  }
}
