import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type FieldbookDb } from '../../../src/renderer/src/lib/data/db';
import { changeJournal, type JournalOp } from '../../../src/renderer/src/lib/data/journal';
import { note, source } from '../factories';

let db: FieldbookDb;
afterEach(async () => {
  await db.delete();
});

function journaledDb() {
  const committed: JournalOp[][] = [];
  const journal = changeJournal((ops) => committed.push(ops));
  db = openDatabase(`journal-${Math.random()}`);
  db.use(journal.middleware);
  return { committed, journal };
}

describe('changeJournal', () => {
  it('hands on the writes of each committed transaction, whole records and deleted keys', async () => {
    const { committed } = journaledDb();
    await db.open();
    committed.length = 0; // the thesaurus seeded on creation
    const s = source({ title: 'Convoy hit near Gao' });
    await db.transaction('rw', db.sources, db.notes, async () => {
      await db.sources.add(s);
      await db.notes.add(note({ id: 'n1', sourceId: s.id }));
    });
    await db.sources.update(s.id, { title: 'Convoy hit near Gao, 12 dead' });
    await db.notes.delete('n1');
    expect(committed).toHaveLength(3);
    expect(committed[0]?.map((op) => op.table)).toEqual(['sources', 'notes']);
    expect(committed[1]?.[0]).toMatchObject({
      table: 'sources',
      put: [{ id: s.id, title: 'Convoy hit near Gao, 12 dead' }],
    });
    expect(committed[2]?.[0]).toEqual({ table: 'notes', delete: ['n1'] });
  });

  it('hands on nothing from a transaction that aborts', async () => {
    const { committed } = journaledDb();
    await db.open();
    const seeded = committed.length; // the thesaurus seed on creation
    await expect(
      db.transaction('rw', db.sources, async () => {
        await db.sources.add(source());
        throw new Error('storage is full');
      }),
    ).rejects.toThrow();
    expect(committed).toHaveLength(seeded);
  });

  it('leaves out the search index, and nothing while suspended', async () => {
    const { committed, journal } = journaledDb();
    await db.open();
    const seeded = committed.length;
    await db.searchSegments.put({ id: 'seg', bytes: new Uint8Array([1]) });
    journal.suspend(true);
    await db.sources.add(source());
    journal.suspend(false);
    expect(committed).toHaveLength(seeded);
  });

  it('hands the change feed every write, suspended or not, and the journal only the others', async () => {
    const { committed, journal } = journaledDb();
    const fed: JournalOp[][] = [];
    journal.subscribe((ops) => fed.push(ops));
    await db.open();
    const seeded = committed.length;
    fed.length = 0;
    journal.suspend(true);
    const restored = source({ title: 'Restored from a snapshot' });
    await db.sources.add(restored);
    journal.suspend(false);
    await db.notes.add(note({ id: 'n2', sourceId: restored.id }));
    expect(fed.map((ops) => ops.map((op) => op.table))).toEqual([['sources'], ['notes']]);
    expect(fed[0]?.[0]?.put).toEqual([restored]);
    expect(committed.slice(seeded).map((ops) => ops.map((op) => op.table))).toEqual([['notes']]);
  });
});
