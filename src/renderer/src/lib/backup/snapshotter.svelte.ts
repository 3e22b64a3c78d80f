/**
 * Automatic snapshots of the archive outside IndexedDB, and the check at start-up that the
 * database was not wiped or cut short since the last one.
 *
 * A snapshot is written a few seconds after changes stop (and every half minute while they
 * do not, as during a long import): the records as a `.fieldbook` file
 * whose originals are stored beside it once each (`original-<sha256>`), then a manifest with
 * what the snapshot holds. Old snapshots are thinned (hourly for a day, daily for a month).
 * Until the start-up check passes — or the user chooses to keep a suspicious archive — no
 * snapshot is taken, so a wiped database can never overwrite the snapshots that would restore
 * it.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { writeArchive, type ArchiveError, type ArchiveRead } from '../../../../core/backup/archive-file';
import {
  journalName,
  journalTime,
  judge,
  MANIFEST_NAME,
  originalName,
  originalsAfter,
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
    } = {},
  ) {
    this.#journal = options.journal;
    this.#journalDelayMs = options.journalDelayMs ?? 250;
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
    this.#verdict = judge(this.#manifest, await this.#backup.counts(), await this.#journaledRecords());
    return this.#verdict;
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
  async #readableJournals(): Promise<{
    journals: { name: string; ops: JournalOp[]; originals: Map<string, Uint8Array> }[];
    skipped: string[];
  }> {
    const journals = [];
    const skipped: string[] = [];
    for (const name of await this.#journalsSince()) {
      try {
        journals.push({ name, ...(await this.#readJournal(name)) });
      } catch (error) {
        console.error(`The journal file ${name} cannot be read and is skipped`, error);
        skipped.push(name);
      }
    }
    return { journals, skipped };
  }

  /** How many sources, notes and incidents the journal since the newest snapshot leaves in place. */
  async #journaledRecords(): Promise<number> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local tally, never watched
    const live = new Set<string>();
    for (const { ops } of (await this.#readableJournals()).journals)
      for (const op of ops) {
        if (!['sources', 'notes', 'incidents'].includes(op.table)) continue;
        if (op.clear) for (const key of [...live]) if (key.startsWith(`${op.table}/`)) live.delete(key);
        for (const key of op.delete ?? []) live.delete(`${op.table}/${String(key)}`);
        for (const value of op.put ?? []) live.add(`${op.table}/${(value as { id: string }).id}`);
      }
    return live.size;
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
    const next = Promise.all([this.#queue, this.#journalQueue]).then(work, work);
    this.#queue = this.#journalQueue = next.catch(() => undefined);
    return next;
  }

  #journaled(ops: JournalOp[]): void {
    if (!this.#enabled) return;
    this.#buffer.push(...ops);
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
    return this.#journalSerial(async () => {
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
    });
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
    clearTimeout(this.#timer);
    clearTimeout(this.#journalTimer);
    this.#journalTimer = undefined;
  }

  /** Allows snapshots from now on (after a passed check, or the user's choice). */
  enable(): void {
    this.#enabled = true;
  }

  /**
   * Something changed: a snapshot follows once changes have settled — or, while they keep
   * coming (a long import), no later than `maxWaitMs` after the first of them.
   */
  changed(): void {
    if (!this.#enabled) return;
    const now = Date.now();
    this.#dirtySince ??= now;
    const delay = Math.max(0, Math.min(this.#delayMs, this.#dirtySince + this.#maxWaitMs - now));
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
      const content = await this.#backup.snapshotContent();
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never watched
      const present = new Set(await this.#folder.list());
      for (const original of content.originals) {
        const name = originalName(original.sha256);
        if (present.has(this.#folder.storedName?.(name) ?? name)) continue;
        const bytes = await this.#backup.originalBytes(original.sha256);
        if (bytes) await this.#folder.write(name, bytes);
      }
      const name = snapshotName(at);
      await this.#folder.write(
        name,
        await writeArchive(content, this.#backup.schemaVersion, { now: at, externalOriginals: true }),
      );
      const counts: RecordCounts = {
        sources: content.sources.length,
        notes: content.notes.length,
        incidents: content.incidents.length,
      };
      const previous = this.#manifest?.snapshots ?? {};
      const keep = snapshotsToKeep([...Object.keys(previous), name], at);
      const snapshots = Object.fromEntries(
        [...Object.entries(previous), [name, { savedAt: at.toISOString(), counts }] as const].filter(([n]) =>
          keep.has(n),
        ),
      );
      const stored = (n: string) => this.#folder.storedName?.(n) ?? n;
      const originals = originalsAfter(
        this.#manifest?.originals,
        Object.keys(previous),
        name,
        content.originals.map((o) => stored(originalName(o.sha256))),
        [...present].filter((n) => n.startsWith('original-')),
        keep,
      );
      const manifest: SnapshotManifest = {
        version: 1,
        latest: name,
        savedAt: at.toISOString(),
        counts,
        snapshots,
        originals: originals.spans,
      };
      // The manifest names only snapshots that are on disk: written after the snapshot, before any removal.
      await this.#folder.write(MANIFEST_NAME, encoder.encode(JSON.stringify(manifest)));
      this.#manifest = manifest;
      for (const old of Object.keys(previous)) if (!keep.has(old)) await this.#folder.remove(old);
      // Original files that no kept snapshot holds any more (their sources were purged).
      for (const file of originals.remove) await this.#folder.remove(file);
      // Journal files written before this snapshot began hold nothing it lacks.
      await this.#dropJournal((written) => written.getTime() < at.getTime());
      this.#error = undefined;
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
      console.error('The snapshot could not be written', error);
      throw error;
    } finally {
      this.#busy = false;
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
        if (name) {
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
