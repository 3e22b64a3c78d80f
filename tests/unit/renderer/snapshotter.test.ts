import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/core/import/hash';
import { backupRepository } from '../../../src/renderer/src/lib/data/backup';
import { openDatabase, type FieldbookDb } from '../../../src/renderer/src/lib/data/db';
import { Snapshotter } from '../../../src/renderer/src/lib/backup/snapshotter.svelte';
import { changeJournal, type Journal } from '../../../src/renderer/src/lib/data/journal';
import { note, source } from '../factories';
import { memoryFolder } from '../memory-folder';
import type { SnapshotFolder } from '../../../src/renderer/src/lib/platform/types';
import { writeArchive } from '../../../src/core/backup/archive-file';

let db: FieldbookDb;
beforeEach(async () => {
  db = openDatabase(`snapshots-${Math.random()}`);
  const bytes = new TextEncoder().encode('%PDF-1.7 a report from Gao');
  const sha256 = await sha256Hex(bytes);
  const s = source({
    origin: {
      kind: 'file',
      name: 'gao.pdf',
      type: 'application/pdf',
      size: bytes.length,
      format: 'pdf',
      sha256,
    },
  });
  await db.sources.add(s);
  await db.notes.add(note({ sourceId: s.id, body: 'Ask MINUSMA about the figures.' }));
  await db.originals.add({ sha256, bytes, type: 'application/pdf', size: bytes.length, name: 'gao.pdf' });
});
afterEach(async () => {
  await db.delete();
});

/** The database again, its writes now kept by a change journal (Dexie takes middleware on open). */
async function withJournal(): Promise<Journal> {
  const journal = changeJournal();
  db.close();
  db.use(journal.middleware);
  await db.open();
  return journal;
}

/** `count` text files imported as sources with their originals, in one transaction; their hashes. */
async function importTexts(count: number, text: (i: number) => string): Promise<string[]> {
  const files = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const bytes = new TextEncoder().encode(text(i));
      return { bytes, sha256: await sha256Hex(bytes), i };
    }),
  );
  await db.transaction('rw', db.sources, db.originals, async () => {
    for (const { bytes, sha256, i } of files) {
      await db.originals.add({ sha256, bytes, type: 'text/plain', size: bytes.length, name: `r${i}.txt` });
      await db.sources.add(
        source({
          title: `Report ${i}`,
          origin: {
            kind: 'file',
            name: `r${i}.txt`,
            type: 'text/plain',
            size: bytes.length,
            format: 'text',
            sha256,
          },
        }),
      );
    }
  });
  return files.map((f) => f.sha256);
}

/** A snapshotter on `folder` whose start-up check has passed. */
async function checked(
  folder: SnapshotFolder,
  options: ConstructorParameters<typeof Snapshotter>[2],
): Promise<Snapshotter> {
  const snapshots = new Snapshotter(backupRepository(db), folder, options);
  await snapshots.check();
  snapshots.enable();
  return snapshots;
}

/** A session that writes one note, journals it and closes before any snapshot. */
async function journalNote(folder: SnapshotFolder, journal: Journal, body: string): Promise<void> {
  const session = await checked(folder, { journal, delayMs: 60_000, journalDelayMs: 60_000 });
  await db.notes.add(note({ body }));
  await session.flushJournal();
  session.dispose();
}

const wipe = () =>
  Promise.all([db.sources.clear(), db.notes.clear(), db.incidents.clear(), db.originals.clear()]);

/** What a restore must give back: the sources, notes and original files. */
const archived = async () => ({
  sources: await db.sources.toArray(),
  notes: await db.notes.toArray(),
  originals: await db.originals.toArray(),
});

/** The database wiped, then found wiped at the next start and restored from the folder. */
async function wipeAndRestore(folder: SnapshotFolder, journal: Journal): Promise<void> {
  await wipe();
  const restarted = new Snapshotter(backupRepository(db), folder, { journal });
  expect((await restarted.check()).kind).toBe('wiped');
  expect((await restarted.restore()).ok).toBe(true);
}

describe('Snapshotter', () => {
  it('takes no snapshot before the archive has been checked', async () => {
    const folder = memoryFolder();
    const snapshots = new Snapshotter(backupRepository(db), folder, { delayMs: 0 });
    snapshots.changed();
    await expect(snapshots.take()).rejects.toThrow(/paused/);
    expect(folder.files.size).toBe(0);
  });

  it('detects a wiped database and restores it, originals included, from the last snapshot', async () => {
    const folder = memoryFolder();
    const snapshots = new Snapshotter(backupRepository(db), folder);
    expect(await snapshots.check()).toEqual({ kind: 'ok' });
    snapshots.enable();
    await snapshots.take();
    const before = await archived();
    expect([...folder.files.keys()].filter((n) => n.startsWith('pack-'))).toHaveLength(1);

    await wipe();
    const restarted = new Snapshotter(backupRepository(db), folder);
    const verdict = await restarted.check();
    expect(verdict).toMatchObject({ kind: 'wiped', current: { sources: 0, notes: 0, incidents: 0 } });
    // A wiped archive must not be snapshotted over the snapshots that can restore it.
    restarted.changed();
    await expect(restarted.take()).rejects.toThrow(/paused/);

    const read = await restarted.restore();
    expect(read.ok).toBe(true);
    expect(await archived()).toEqual(before);
    expect(await restarted.check()).toEqual({ kind: 'ok' });
  });

  it('snapshots during a long run of changes, not only after it ends', async () => {
    const folder = memoryFolder();
    const snapshots = new Snapshotter(backupRepository(db), folder, { delayMs: 100, maxWaitMs: 250 });
    await snapshots.check();
    snapshots.enable();
    const written = () => [...folder.files.keys()].filter((n) => n.startsWith('snapshot-')).length;
    // A change every 50 ms: the 100 ms quiet period never comes, so every snapshot written
    // here was written during the run. How many fit in a given time depends on how long each
    // takes (they are spaced by their cost), so the run goes on until two are, or 10 s.
    const end = Date.now() + 10_000;
    while (written() < 2 && Date.now() < end) {
      snapshots.changed();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(written()).toBeGreaterThanOrEqual(2);
    snapshots.dispose();
  }, 15_000);

  it('keeps the work done since the last snapshot in its journal, and replays it on restore', async () => {
    const folder = memoryFolder();
    const journal = await withJournal();
    const snapshots = new Snapshotter(backupRepository(db), folder, { journal, journalDelayMs: 10_000 });
    await snapshots.check();
    snapshots.enable();
    await snapshots.take();
    // Work after the snapshot: a new note, an edited source, a deleted note, a new original.
    const [s] = await db.sources.toArray();
    await db.notes.add(note({ id: 'after', sourceId: s!.id, body: 'Written after the snapshot.' }));
    await db.sources.update(s!.id, { title: 'Edited after the snapshot' });
    const [first] = await db.notes
      .where('sourceId')
      .equals(s!.id)
      .filter((n) => n.id !== 'after')
      .toArray();
    await db.notes.delete(first!.id);
    const bytes = new TextEncoder().encode('a second original');
    const sha256 = await sha256Hex(bytes);
    await db.originals.add({ sha256, bytes, type: 'text/plain', size: bytes.length, name: 'b.txt' });
    await snapshots.flushJournal();
    expect([...folder.files.keys()].filter((n) => n.startsWith('journal-'))).toHaveLength(1);
    const before = await archived();

    await wipeAndRestore(folder, journal);
    expect(await archived()).toEqual(before);
  });

  it('detects a wipe that came before the first snapshot, from the journal, and replays it', async () => {
    const folder = memoryFolder();
    const journal = await withJournal();
    await wipe();
    const snapshots = new Snapshotter(backupRepository(db), folder, { journal, journalDelayMs: 0 });
    expect(await snapshots.check()).toEqual({ kind: 'ok' });
    snapshots.enable();
    // An import begins; the browser dies before the first snapshot, and the database is wiped.
    await db.notes.add(note({ body: 'Written before any snapshot' }));
    await db.sources.add(source({ title: 'Imported before any snapshot' }));
    await snapshots.flushJournal();
    snapshots.dispose();
    expect([...folder.files.keys()].some((n) => n.startsWith('snapshot-'))).toBe(false);
    await wipe();

    const restarted = new Snapshotter(backupRepository(db), folder, { journal });
    expect(await restarted.check()).toMatchObject({ kind: 'wiped', journaled: 2 });
    expect((await restarted.restore()).ok).toBe(true);
    expect((await db.notes.toArray()).map((n) => n.body)).toEqual(['Written before any snapshot']);
    expect((await db.sources.toArray()).map((s) => s.title)).toEqual(['Imported before any snapshot']);
  });

  it('writes the journal as one file per flush, originals inside it, and restores from it', async () => {
    const folder = memoryFolder();
    let writes = 0;
    const counting = {
      ...folder,
      write: (name: string, bytes: Uint8Array) => (writes++, folder.write(name, bytes)),
    };
    const journal = await withJournal();
    await wipe();
    const snapshots = new Snapshotter(backupRepository(db), counting, { journal, journalDelayMs: 60_000 });
    await snapshots.check();
    snapshots.enable();
    const hashes = await importTexts(20, (i) => `report ${i} from Ménaka`);
    await snapshots.flushJournal();
    snapshots.dispose();
    // Writing twenty files one by one took seconds in a browser's private file system.
    expect(writes).toBe(1);

    await wipe();
    const restarted = new Snapshotter(backupRepository(db), folder, { journal });
    expect(await restarted.check()).toMatchObject({ kind: 'wiped', journaled: 20 });
    expect((await restarted.restore()).ok).toBe(true);
    expect(await db.sources.count()).toBe(20);
    const back = await db.originals.get(hashes[7]!);
    expect(new TextDecoder().decode(back!.bytes)).toBe('report 7 from Ménaka');
  });

  it('skips a journal file cut short by a crash, and restores everything before it', async () => {
    const folder = memoryFolder();
    const journal = await withJournal();
    await wipe();
    await journalNote(folder, journal, 'Safe in the journal');
    // The browser died while writing the next journal file: it exists, empty.
    await folder.write('journal-20991231T235959999Z-000009.zip', new Uint8Array());
    await wipe();

    const restarted = new Snapshotter(backupRepository(db), folder, { journal });
    expect(await restarted.check()).toMatchObject({ kind: 'wiped', journaled: 1 });
    const restored = await restarted.restore();
    expect(restored).toEqual({ ok: true, skipped: ['journal-20991231T235959999Z-000009.zip'] });
    expect((await db.notes.toArray()).map((n) => n.body)).toEqual(['Safe in the journal']);
  });

  it('writes the journal while a snapshot is still writing original files', async () => {
    const folder = memoryFolder();
    let releaseOriginals: () => void = () => undefined;
    const originalsHeld = new Promise<void>((resolve) => (releaseOriginals = resolve));
    const slow = {
      ...folder,
      write: async (name: string, bytes: Uint8Array) => {
        if (name.startsWith('pack-')) await originalsHeld;
        return folder.write(name, bytes);
      },
    };
    const journal = await withJournal();
    const snapshots = new Snapshotter(backupRepository(db), slow, { journal, journalDelayMs: 60_000 });
    await snapshots.check();
    snapshots.enable();
    const taking = snapshots.take();
    await db.notes.add(note({ body: 'written during a slow snapshot' }));
    await snapshots.flushJournal();
    expect([...folder.files.keys()].filter((n) => n.startsWith('journal-'))).toHaveLength(1);
    releaseOriginals();
    await taking;
    snapshots.dispose();
  });

  it('writes the journal within its delay even while writes keep coming (a long import)', async () => {
    const folder = memoryFolder();
    const journal = await withJournal();
    const snapshots = new Snapshotter(backupRepository(db), folder, { journal, journalDelayMs: 200 });
    await snapshots.check();
    snapshots.enable();
    const journals = () => [...folder.files.keys()].filter((n) => n.startsWith('journal-'));
    // A write every 100 ms for a second: never a pause as long as the delay.
    for (let i = 0; i < 10; i++) {
      await db.notes.add(note({ body: `batch ${i}` }));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(journals().length).toBeGreaterThanOrEqual(3);
    snapshots.dispose();
  });

  it('drops the journal a newer snapshot covers, once it is older than the moment before it', async () => {
    const folder = memoryFolder();
    const journal = await withJournal();
    let now = new Date('2026-11-22T08:00:00.000Z');
    const snapshots = new Snapshotter(backupRepository(db), folder, { journal, now: () => now });
    await snapshots.check();
    snapshots.enable();
    await db.notes.add(note({ body: 'journaled long before the snapshot' }));
    await snapshots.flushJournal();
    now = new Date('2026-11-22T08:00:15.000Z');
    await db.notes.add(note({ body: 'journaled just before the snapshot' }));
    await snapshots.flushJournal();
    now = new Date('2026-11-22T08:00:20.000Z');
    await snapshots.take();
    expect([...folder.files.keys()].filter((n) => n.startsWith('journal-'))).toEqual([
      'journal-20261122T080015000Z-000002.zip',
    ]);
    snapshots.dispose();
  });

  it('reads each original file once, for the first snapshot that needs it, never again', async () => {
    const folder = memoryFolder();
    const backup = backupRepository(db);
    let reads = 0;
    const counting = {
      ...backup,
      schemaVersion: backup.schemaVersion,
      originalsBytes: (shas: readonly string[]) => {
        reads += shas.length;
        return backup.originalsBytes(shas);
      },
    };
    const snapshots = new Snapshotter(counting, folder);
    await snapshots.check();
    snapshots.enable();
    await snapshots.take();
    await snapshots.take();
    await snapshots.take();
    expect(reads).toBe(1);
  });

  it('between whole passes too, reads each original once and writes it in one pack', async () => {
    const journal = await withJournal();
    const folder = memoryFolder();
    const backup = backupRepository(db);
    let reads = 0;
    const counting = {
      ...backup,
      schemaVersion: backup.schemaVersion,
      originalsBytes: (shas: readonly string[]) => {
        reads += shas.length;
        return backup.originalsBytes(shas);
      },
    };
    let tick = Date.parse('2026-10-01T08:00:00.000Z');
    const snapshots = new Snapshotter(counting, folder, { journal, now: () => new Date((tick += 1000)) });
    await snapshots.check();
    snapshots.enable();
    await snapshots.take();
    await importTexts(5, (i) => `First import ${i}`);
    await snapshots.take();
    expect(snapshots.lastRead.whole).toBe(false);
    await importTexts(3, (i) => `Second import ${i}`);
    await snapshots.take();
    await snapshots.take();
    expect(reads).toBe(1 + 5 + 3);
    expect([...folder.files.keys()].filter((n) => n.startsWith('pack-'))).toHaveLength(3);
    snapshots.dispose();
  });

  it('thins out old snapshots and keeps the manifest naming only what is on disk', async () => {
    const folder = memoryFolder();
    let now = new Date('2026-11-01T09:30:00.000Z');
    const snapshots = new Snapshotter(backupRepository(db), folder, { now: () => now });
    await snapshots.check();
    snapshots.enable();
    for (let i = 0; i < 6; i++) {
      now = new Date(now.getTime() + 10 * 60_000); // every ten minutes, all in two hours
      await snapshots.take();
    }
    const onDisk = [...folder.files.keys()].filter((n) => n.startsWith('snapshot-'));
    expect(onDisk.sort()).toEqual(snapshots.snapshots.map((s) => s.name).sort());
    // 09:40 to 10:30: the three newest, plus 09:50, the newest of the earlier hour.
    expect(onDisk).toHaveLength(4);
  });

  it('removes an original file once no kept snapshot holds it, and not before', async () => {
    const folder = memoryFolder();
    let now = new Date('2026-09-01T09:00:00.000Z');
    const snapshots = new Snapshotter(backupRepository(db), folder, { now: () => now });
    await snapshots.check();
    snapshots.enable();
    const originals = () => [...folder.files.keys()].filter((n) => n.startsWith('pack-'));
    await snapshots.take();
    expect(originals()).toHaveLength(1);

    // The source and its file are purged; the snapshot of 1 September still holds them.
    await Promise.all([db.sources.clear(), db.notes.clear(), db.originals.clear()]);
    for (const day of [40, 41]) {
      now = new Date(Date.parse('2026-09-01T09:00:00.000Z') + day * 86_400_000);
      await snapshots.take();
      expect(originals(), `day ${day}`).toHaveLength(1);
    }
    // A fourth snapshot pushes the first out (older than a month, not among the three newest).
    now = new Date(Date.parse('2026-09-01T09:00:00.000Z') + 42 * 86_400_000);
    await snapshots.take();
    expect(snapshots.snapshots.map((s) => s.name)).not.toContain('snapshot-20260901T090000000Z.json');
    expect(originals()).toEqual([]);
  });

  describe('at archive size', () => {
    /** An archive of `count` sources of some 3 KB, each with a note: made in one transaction. */
    async function archiveOf(count: number, notes = true): Promise<void> {
      // Words made of syllables drawn at random: a text that compresses about as well as reporting.
      const syllables = 'ba ko ma se gou ti mou ka ra dou ne fi lo so ta ke mi bou sen tar'.split(' ');
      let seed = 7;
      const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
      const word = () =>
        Array.from({ length: 1 + Math.floor(next() * 3) }, () => syllables[Math.floor(next() * 20)]).join('');
      await db.transaction('rw', db.sources, db.notes, async () => {
        for (let i = 0; i < count; i++) {
          const text = Array.from({ length: 450 }, word).join(' ');
          const s = source({ title: `Report ${i}`, text, createdAt: 1_700_000_000_000 + i * 1000 });
          await db.sources.add(s);
          if (notes)
            await db.notes.add(note({ sourceId: s.id, body: `Note on report ${i}`, createdAt: s.createdAt }));
        }
      });
    }
    /** A folder that counts the bytes written to it. */
    function measured() {
      const folder = memoryFolder();
      const written = { bytes: 0 };
      return {
        folder: {
          ...folder,
          write: (name: string, bytes: Uint8Array) => (
            (written.bytes += bytes.length),
            folder.write(name, bytes)
          ),
        },
        files: folder.files,
        written,
      };
    }
    const onDisk = (files: Map<string, Uint8Array>) => [...files.values()].reduce((n, b) => n + b.length, 0);

    it('writes about what changed since the last snapshot, not the whole archive again', async () => {
      await archiveOf(2000);
      const { folder, written } = measured();
      const snapshots = new Snapshotter(backupRepository(db), folder);
      await snapshots.check();
      snapshots.enable();
      await snapshots.take();
      const first = written.bytes;
      written.bytes = 0;
      // One source edited, one note added.
      const [s] = await db.sources.limit(1).toArray();
      await db.sources.update(s!.id, { title: 'Edited after the first snapshot' });
      await db.notes.add(note({ sourceId: s!.id, body: 'A new note' }));
      await snapshots.take();
      expect(written.bytes).toBeLessThan(first / 10);

      const before = { sources: await db.sources.toArray(), notes: await db.notes.toArray() };
      await wipe();
      expect((await snapshots.restore()).ok).toBe(true);
      expect({ sources: await db.sources.toArray(), notes: await db.notes.toArray() }).toEqual(before);
      // An archive of 2,000 records, snapshotted twice and restored: more than the default 5 s
      // on a loaded machine (a guard against hanging, not a measure of speed).
    }, 60_000);

    it('reads only what changed since the last snapshot, and writes the chunks a whole pass would', async () => {
      const journal = await withJournal();
      await archiveOf(1500);
      const folder = memoryFolder();
      let tick = Date.parse('2026-10-01T08:00:00.000Z');
      const now = () => new Date((tick += 1000));
      const snapshots = await checked(folder, { journal, now, delayMs: 60_000, journalDelayMs: 60_000 });
      await snapshots.take();
      expect(snapshots.lastRead.whole).toBe(true);
      expect(snapshots.lastRead.records).toBeGreaterThan(3000);
      /** The chunks of the newest snapshot in a folder. */
      const latestChunks = (f: ReturnType<typeof memoryFolder>) => {
        const manifest = JSON.parse(new TextDecoder().decode(f.files.get('manifest.json'))) as {
          latest: string;
        };
        const tree = JSON.parse(new TextDecoder().decode(f.files.get(manifest.latest))) as {
          chunks: Record<string, string[]>;
          counts: Record<string, number>;
        };
        return { chunks: tree.chunks, counts: tree.counts };
      };
      let seed = 3;
      const pick = (n: number) => (seed = (seed * 48_271) % 2_147_483_647) % n;
      for (let round = 0; round < 4; round++) {
        // A few edits and deletions anywhere, sources and notes added at the end.
        const all = await db.sources.toArray();
        for (let i = 0; i < 3; i++)
          await db.sources.update(all[pick(all.length)]!.id, { title: `Edited ${round}.${i}` });
        await db.sources.delete(all[pick(all.length)]!.id);
        const notes = await db.notes.toArray();
        await db.notes.delete(notes[pick(notes.length)]!.id);
        for (let i = 0; i < 40; i++)
          await db.sources.add(
            source({ title: `New ${round}.${i}`, createdAt: 1_800_000_000_000 + round * 100 + i }),
          );
        await db.notes.add(note({ body: `A new note ${round}`, createdAt: 1_800_000_000_000 + round }));
        await snapshots.take();
        // Some chunks around the changes, and the new records: not the archive.
        expect(snapshots.lastRead.whole, `round ${round}`).toBe(false);
        expect(snapshots.lastRead.records, `round ${round}`).toBeLessThan(3000 / 4);
        // The same chunks as a snapshot that reads everything, of the same archive.
        const control = memoryFolder();
        const whole = await checked(control, { now });
        await whole.take();
        expect(whole.lastRead.whole).toBe(true);
        // (The originals' chunk names the pack each is in, and a pack records when it was made.)
        const { originals: _a, ...mine } = latestChunks(folder).chunks;
        const { originals: _b, ...theirs } = latestChunks(control).chunks;
        expect(mine, `round ${round}`).toEqual(theirs);
        expect(latestChunks(folder).counts).toEqual(latestChunks(control).counts);
        whole.dispose();
      }
      // And the snapshot restores the archive exactly.
      const before = { sources: await db.sources.toArray(), notes: await db.notes.toArray() };
      await wipe();
      expect((await snapshots.restore()).ok).toBe(true);
      expect({ sources: await db.sources.toArray(), notes: await db.notes.toArray() }).toEqual(before);
      snapshots.dispose();
    }, 120_000);

    it('keeps 24 hourly and 30 daily snapshots in at most twice the space of one', async () => {
      // Scaled down: 3,000 sources in chunks of some 8, as 50,000 are in chunks of some 32.
      await archiveOf(3000, false);
      const { folder, files } = measured();
      let now = new Date('2026-10-01T08:00:00.000Z');
      const snapshots = new Snapshotter(backupRepository(db), folder, { now: () => now, boundaryEvery: 8 });
      await snapshots.check();
      snapshots.enable();
      await snapshots.take();
      const one = onDisk(files);
      // A month of work: every day a few sources come in and one is edited; the last day, hourly.
      const start = now.getTime();
      const steps = [
        ...Array.from({ length: 30 }, (_, d) => start + (d + 1) * 86_400_000),
        ...Array.from({ length: 24 }, (_, h) => start + 30 * 86_400_000 + (h + 1) * 3_600_000),
      ];
      for (const [i, at] of steps.entries()) {
        now = new Date(at);
        await db.sources.add(source({ title: `New report ${i}`, createdAt: at }));
        const [old] = await db.sources
          .offset(i * 13)
          .limit(1)
          .toArray();
        await db.sources.update(old!.id, { title: `Edited ${i}` });
        await snapshots.take();
      }
      expect(snapshots.snapshots.length).toBeGreaterThanOrEqual(50);
      expect(onDisk(files)).toBeLessThanOrEqual(2 * one);
    }, 120_000);

    it('writes the originals of a whole import in one pack, and restores them byte for byte', async () => {
      const { folder, files } = measured();
      let writes = 0;
      const counting = { ...folder, write: (n: string, b: Uint8Array) => (writes++, folder.write(n, b)) };
      const snapshots = new Snapshotter(backupRepository(db), counting);
      await snapshots.check();
      snapshots.enable();
      await snapshots.take();
      writes = 0;
      await importTexts(300, (i) => `report ${i} from Tombouctou, ${'x'.repeat(i)}`);
      await snapshots.take();
      expect([...files.keys()].filter((n) => n.startsWith('pack-'))).toHaveLength(2);
      // The pack, a few chunks, the tree and the manifest: not one file per original.
      expect(writes).toBeLessThan(30);
      const before = await db.originals.toArray();
      await wipe();
      expect((await snapshots.restore()).ok).toBe(true);
      expect(await db.originals.toArray()).toEqual(before);
    });
  });

  it('snapshots after a write by itself, and says at start-up whether a snapshot is due', async () => {
    const folder = memoryFolder();
    const journal = await withJournal();
    const snapshots = new Snapshotter(backupRepository(db), folder, {
      journal,
      delayMs: 20,
      journalDelayMs: 0,
    });
    await snapshots.check();
    // Records and no snapshot at all: one is due.
    expect(snapshots.behind).toBe(true);
    snapshots.enable();
    await snapshots.take();
    const trees = () => [...folder.files.keys()].filter((n) => n.startsWith('snapshot-'));
    expect(trees()).toHaveLength(1);

    const quiet = new Snapshotter(backupRepository(db), folder);
    await quiet.check();
    expect(quiet.behind).toBe(false);

    await db.notes.add(note({ body: 'a new note' }));
    await expect.poll(trees, { timeout: 3000 }).toHaveLength(2);
    snapshots.dispose();
    // Work journaled, and the app closed before its snapshot.
    await journalNote(folder, journal, 'journaled, then the app closed');
    const next = new Snapshotter(backupRepository(db), folder);
    await next.check();
    expect(next.behind).toBe(true);
  });

  it('journals at start-up what was committed but not yet journaled when the app died, so a later wipe keeps it', async () => {
    const folder = memoryFolder();
    const journal = await withJournal();
    const killed = await checked(folder, { journal, delayMs: 60_000, journalDelayMs: 60_000 });
    await killed.take();
    // Committed in the moment before the app was killed: the journal had not been written yet.
    const time = Date.now();
    const [s] = await db.sources.toArray();
    await db.sources.update(s!.id, { title: 'Retitled just before the kill', updatedAt: time });
    await db.notes.add(
      note({ id: 'late', body: 'Typed just before the kill', createdAt: time, updatedAt: time }),
    );
    const [old] = await db.notes.where('id').notEqual('late').toArray();
    await db.notes.update(old!.id, { deletedAt: time });
    const [sha256] = await importTexts(1, () => 'Imported just before the kill, from Tombouctou.');
    const imported = await db.sources.where('origin.sha256').equals(sha256!).first();
    await db.sources.update(imported!.id, { createdAt: time, updatedAt: time });
    killed.dispose();
    const journals = () => [...folder.files.keys()].filter((n) => n.startsWith('journal-'));
    expect(journals()).toEqual([]);
    const before = await archived();

    // The next start finds them in the database alone, and journals them before anything else.
    const next = new Snapshotter(backupRepository(db), folder, { journal });
    expect(await next.check()).toEqual({ kind: 'ok' });
    expect(journals()).toHaveLength(1);
    expect(next.behind).toBe(true);
    next.dispose();
    // A start after that finds nothing the journal lacks, and writes nothing.
    const quiet = new Snapshotter(backupRepository(db), folder, { journal });
    await quiet.check();
    expect(journals()).toHaveLength(1);
    quiet.dispose();

    await wipeAndRestore(folder, journal);
    expect(await archived()).toEqual(before);
  });

  it('says a write is safe once a journal file outside the database holds it', async () => {
    const folder = memoryFolder();
    const snapshots = await checked(folder, { journal: await withJournal(), journalDelayMs: 60_000 });
    await db.notes.add(note({ id: 'safe', body: 'Saved just before a crash' }));
    await snapshots.durable();
    const journals = [...folder.files.keys()].filter((n) => n.startsWith('journal-'));
    expect(journals).toHaveLength(1);
    const { unzipSync: unzip } = await import('fflate');
    const ops = JSON.parse(new TextDecoder().decode(unzip(folder.files.get(journals[0]!)!)['ops.json'])) as {
      ops: { table: string; put?: { id: string }[] }[];
    };
    expect(ops.ops.some((op) => op.table === 'notes' && op.put?.some((n) => n.id === 'safe'))).toBe(true);
    snapshots.dispose();
  });

  it('refuses a snapshot with a damaged chunk, names it, and leaves the archive as it was', async () => {
    const folder = memoryFolder();
    const snapshots = new Snapshotter(backupRepository(db), folder);
    await snapshots.check();
    snapshots.enable();
    await snapshots.take();
    const chunk = [...folder.files.keys()].find((n) => n.startsWith('chunk-'))!;
    const bytes = folder.files.get(chunk)!;
    folder.files.set(chunk, bytes.subarray(0, bytes.length - 5));
    await db.notes.add(note({ body: 'written after the snapshot' }));
    const read = await snapshots.restore(snapshots.snapshots[0]!.name);
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.error.detail).toContain(chunk);
    expect((await db.notes.toArray()).map((n) => n.body)).toContain('written after the snapshot');
  });

  it('still restores a snapshot of the older format (one .fieldbook file, originals beside it)', async () => {
    const folder = memoryFolder();
    const backup = backupRepository(db);
    const content = await backup.content();
    const name = 'snapshot-20261101T090000000Z.fieldbook';
    await folder.write(name, await writeArchive(content, backup.schemaVersion, { externalOriginals: true }));
    for (const original of content.originals)
      await folder.write(`original-${original.sha256}`, original.bytes);
    const counts = { sources: 1, notes: 1, incidents: 0 };
    const manifest = {
      version: 1,
      latest: name,
      savedAt: '2026-11-01T09:00:00.000Z',
      counts,
      snapshots: { [name]: { savedAt: '2026-11-01T09:00:00.000Z', counts } },
    };
    await folder.write('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
    await wipe();
    const snapshots = new Snapshotter(backup, folder);
    expect((await snapshots.check()).kind).toBe('wiped');
    expect((await snapshots.restore()).ok).toBe(true);
    expect(await db.sources.toArray()).toEqual(content.sources);
    expect(await db.originals.toArray()).toEqual(content.originals);
    // The next snapshot is of the new format; the old one stays restorable until it is thinned out.
    await snapshots.take();
    expect(snapshots.snapshots.map((s) => s.name)).toContain(name);
    expect([...folder.files.keys()].some((n) => n.startsWith('original-'))).toBe(true);
  });
});
