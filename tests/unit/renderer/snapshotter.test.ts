import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/core/import/hash';
import { backupRepository } from '../../../src/renderer/src/lib/data/backup';
import { openDatabase, type FieldbookDb } from '../../../src/renderer/src/lib/data/db';
import { Snapshotter } from '../../../src/renderer/src/lib/backup/snapshotter.svelte';
import { changeJournal, type Journal } from '../../../src/renderer/src/lib/data/journal';
import { note, source } from '../factories';
import { memoryFolder } from '../memory-folder';

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

const wipe = () =>
  Promise.all([db.sources.clear(), db.notes.clear(), db.incidents.clear(), db.originals.clear()]);

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
    const before = {
      sources: await db.sources.toArray(),
      notes: await db.notes.toArray(),
      originals: await db.originals.toArray(),
    };
    expect([...folder.files.keys()].filter((n) => n.startsWith('original-'))).toHaveLength(1);

    await wipe();
    const restarted = new Snapshotter(backupRepository(db), folder);
    const verdict = await restarted.check();
    expect(verdict).toMatchObject({ kind: 'wiped', current: { sources: 0, notes: 0, incidents: 0 } });
    // A wiped archive must not be snapshotted over the snapshots that can restore it.
    restarted.changed();
    await expect(restarted.take()).rejects.toThrow(/paused/);

    const read = await restarted.restore();
    expect(read.ok).toBe(true);
    expect({
      sources: await db.sources.toArray(),
      notes: await db.notes.toArray(),
      originals: await db.originals.toArray(),
    }).toEqual(before);
    expect(await restarted.check()).toEqual({ kind: 'ok' });
  });

  it('snapshots during a long run of changes, not only after it ends', async () => {
    const folder = memoryFolder();
    const snapshots = new Snapshotter(backupRepository(db), folder, { delayMs: 100, maxWaitMs: 250 });
    await snapshots.check();
    snapshots.enable();
    const written = () => [...folder.files.keys()].filter((n) => n.startsWith('snapshot-')).length;
    for (let i = 0; i < 14; i++) {
      snapshots.changed(); // a change every 50 ms: the 100 ms quiet period never comes
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(written()).toBeGreaterThanOrEqual(2);
    snapshots.dispose();
  });

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
    const before = {
      sources: await db.sources.toArray(),
      notes: await db.notes.toArray(),
      originals: await db.originals.toArray(),
    };

    await wipe();
    const restarted = new Snapshotter(backupRepository(db), folder, { journal });
    expect((await restarted.check()).kind).toBe('wiped');
    expect((await restarted.restore()).ok).toBe(true);
    expect({
      sources: await db.sources.toArray(),
      notes: await db.notes.toArray(),
      originals: await db.originals.toArray(),
    }).toEqual(before);
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
    const files = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const bytes = new TextEncoder().encode(`report ${i} from Ménaka`);
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
    await snapshots.flushJournal();
    snapshots.dispose();
    // Writing twenty files one by one took seconds in a browser's private file system.
    expect(writes).toBe(1);

    await wipe();
    const restarted = new Snapshotter(backupRepository(db), folder, { journal });
    expect(await restarted.check()).toMatchObject({ kind: 'wiped', journaled: 20 });
    expect((await restarted.restore()).ok).toBe(true);
    expect(await db.sources.count()).toBe(20);
    const back = await db.originals.get(files[7]!.sha256);
    expect(new TextDecoder().decode(back!.bytes)).toBe('report 7 from Ménaka');
  });

  it('skips a journal file cut short by a crash, and restores everything before it', async () => {
    const folder = memoryFolder();
    const journal = await withJournal();
    await wipe();
    const snapshots = new Snapshotter(backupRepository(db), folder, { journal, journalDelayMs: 60_000 });
    await snapshots.check();
    snapshots.enable();
    await db.notes.add(note({ body: 'Safe in the journal' }));
    await snapshots.flushJournal();
    snapshots.dispose();
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
        if (name.startsWith('original-')) await originalsHeld;
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

  it('drops the journal a newer snapshot covers', async () => {
    const folder = memoryFolder();
    const journal = await withJournal();
    let now = new Date('2026-11-22T08:00:00.000Z');
    const snapshots = new Snapshotter(backupRepository(db), folder, { journal, now: () => now });
    await snapshots.check();
    snapshots.enable();
    await db.notes.add(note({ body: 'journaled' }));
    await snapshots.flushJournal();
    now = new Date('2026-11-22T08:00:05.000Z');
    await snapshots.take();
    expect([...folder.files.keys()].filter((n) => n.startsWith('journal-'))).toEqual([]);
  });

  it('reads each original file once, for the first snapshot that needs it, never again', async () => {
    const folder = memoryFolder();
    const backup = backupRepository(db);
    let reads = 0;
    const counting = {
      ...backup,
      schemaVersion: backup.schemaVersion,
      originalBytes: (sha: string) => {
        reads++;
        return backup.originalBytes(sha);
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
    const originals = () => [...folder.files.keys()].filter((n) => n.startsWith('original-'));
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
    expect(snapshots.snapshots.map((s) => s.name)).not.toContain('snapshot-20260901T090000000Z.fieldbook');
    expect(originals()).toEqual([]);
  });
});
