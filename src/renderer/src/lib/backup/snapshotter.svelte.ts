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
import type { ArchiveRead } from '../../../../core/backup/archive-file';
import {
  judge,
  MANIFEST_NAME,
  originalName,
  snapshotName,
  snapshotsToKeep,
  type RecordCounts,
  type SnapshotManifest,
  type Verdict,
} from '../../../../core/backup/snapshots';
import type { BackupRepository } from '../data/backup';
import type { SnapshotFolder } from '../platform/types';

export interface SnapshotInfo {
  name: string;
  savedAt: string;
  counts: RecordCounts;
}

const encoder = new TextEncoder();

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

  constructor(
    backup: BackupRepository,
    folder: SnapshotFolder,
    options: { delayMs?: number; maxWaitMs?: number; now?: () => Date } = {},
  ) {
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

  /** Compares the database with the last snapshot's manifest. */
  async check(): Promise<Verdict> {
    this.#manifest = await this.#readManifest();
    this.#verdict = judge(this.#manifest, await this.#backup.counts());
    return this.#verdict;
  }

  /** The user keeps the archive as it is, despite the check: snapshots resume from it. */
  keepAsIs(): void {
    this.#verdict = { kind: 'ok' };
    this.enable();
    this.changed();
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
    this.#running = this.#take().finally(() => {
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
      const content = await this.#backup.content();
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never watched
      const present = new Set(await this.#folder.list());
      for (const original of content.originals) {
        const name = originalName(original.sha256);
        if (!present.has(name)) await this.#folder.write(name, original.bytes);
      }
      const name = snapshotName(at);
      await this.#folder.write(name, await this.#backup.exportArchive({ now: at, externalOriginals: true }));
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
      const manifest: SnapshotManifest = {
        version: 1,
        latest: name,
        savedAt: at.toISOString(),
        counts,
        snapshots,
      };
      // The manifest names only snapshots that are on disk: written after the snapshot, before any removal.
      await this.#folder.write(MANIFEST_NAME, encoder.encode(JSON.stringify(manifest)));
      this.#manifest = manifest;
      for (const old of Object.keys(previous)) if (!keep.has(old)) await this.#folder.remove(old);
      this.#error = undefined;
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
      console.error('The snapshot could not be written', error);
      throw error;
    } finally {
      this.#busy = false;
    }
  }

  /** Replaces the archive with a snapshot (the newest when no name is given). */
  async restore(name: string | undefined = this.#manifest?.latest): Promise<ArchiveRead> {
    if (!name) return { ok: false, error: { code: 'notArchive', detail: 'there is no snapshot' } };
    const bytes = await this.#folder.read(name);
    if (!bytes) return { ok: false, error: { code: 'damaged', detail: `${name} is missing` } };
    const read = await this.#backup.restoreArchive(bytes, {
      original: async (sha) => (await this.#folder.read(originalName(sha))) ?? undefined,
    });
    if (read.ok) {
      this.#verdict = { kind: 'ok' };
      this.enable();
    }
    return read;
  }
}
