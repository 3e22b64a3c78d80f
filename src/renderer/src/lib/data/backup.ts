/**
 * The whole archive in and out of one `.fieldbook` file. Export reads every table in one
 * transaction, so the file is a consistent moment. Restore replaces the archive in one
 * transaction, only after the file has been checked through: a file that does not check out
 * changes nothing.
 */
import { creationOrder, keyOf } from '../../../../core/backup/chunks';
import {
  readArchive,
  writeArchive,
  type ArchiveContent,
  type ArchiveRead,
  type ArchiveTable,
  type ReadOptions,
  type WriteOptions,
} from '../../../../core/backup/archive-file';
import type { RecordCounts } from '../../../../core/backup/snapshots';
import type { Table } from 'dexie';
import type { Original } from '../../../../core/model/types';
import type { FieldbookDb } from './db';
import type { JournalOp } from './journal';
import { guardWrite } from './errors';

export function backupRepository(db: FieldbookDb) {
  return {
    /** The schema version the records are read in. */
    get schemaVersion(): number {
      return db.verno;
    },

    /** Every record and original, read in one transaction: one consistent moment. */
    content(): Promise<ArchiveContent> {
      return db.transaction(
        'r',
        [db.sources, db.notes, db.incidents, db.entities, db.originals, db.passages],
        async () => ({
          sources: await db.sources.toArray(),
          notes: await db.notes.toArray(),
          incidents: await db.incidents.toArray(),
          entities: await db.entities.toArray(),
          originals: await db.originals.toArray(),
          passages: await db.passages.toArray(),
        }),
      );
    },

    /**
     * A table's keys in creation order, then by key: the order snapshots cut records in. Read
     * from the `createdAt` index where the table has one and every record is in it; otherwise
     * (a small table, or a record without a date) from the records themselves.
     */
    async keysInCreationOrder(table: ArchiveTable): Promise<string[]> {
      const t = db.table(table);
      if (t.schema.idxByName.createdAt) {
        const [keys, count] = await db.transaction('r', t, () =>
          Promise.all([t.orderBy('createdAt').primaryKeys(), t.count()]),
        );
        if (keys.length === count) return keys.map(String);
      }
      return ((await t.toArray()) as object[]).sort(creationOrder).map(keyOf);
    },

    /**
     * The records of a table written or moved to the Trash at `since` or later, found through its
     * `updatedAt` and `deletedAt` indexes (none for a table that has neither).
     */
    async changedSince(table: ArchiveTable, since: number): Promise<object[]> {
      const t = db.table(table);
      const indexes = ['updatedAt', 'deletedAt'].filter((index) => t.schema.idxByName[index]);
      if (indexes.length === 0) return [];
      return db.transaction('r', t, async () => {
        const keys = new Set<string>();
        for (const index of indexes)
          for (const key of await t.where(index).aboveOrEqual(since).primaryKeys()) keys.add(key as string);
        return ((await t.bulkGet([...keys])) as (object | undefined)[]).filter((r) => r !== undefined);
      });
    },

    /** Records by key, in the order asked (undefined where one is gone). */
    recordsByKeys: (table: ArchiveTable, keys: readonly string[]) =>
      db.table(table).bulkGet([...keys]) as Promise<(object | undefined)[]>,

    /**
     * The originals the archive holds, described by the sources that came from them (given),
     * without reading their bytes; and, rarely, an original no source describes.
     */
    storedOriginals(described: ReadonlyMap<string, Original>): Promise<Original[]> {
      // One transaction for every request: outside one, each count is a transaction of its
      // own, and an import's write waits behind tens of thousands of them.
      return db.transaction('r', db.originals, async () => {
        // Counted by key, not listed: a vault's keys are blinded and cannot be listed back.
        // Asked all at once: one request after another, 50,000 of them took seconds.
        const known = [...described.values()];
        const counts = await Promise.all(
          known.map((original) => db.originals.where(':id').equals(original.sha256).count()),
        );
        const originals: Original[] = known.filter((_, i) => (counts[i] ?? 0) > 0);
        if ((await db.originals.count()) > originals.length) {
          for (const record of await db.originals.toArray())
            if (!described.has(record.sha256)) originals.push({ ...record, bytes: new Uint8Array() });
        }
        return originals;
      });
    },

    originalBytes: async (sha256: string) => (await db.originals.get(sha256))?.bytes,

    /** Several originals' bytes in one request, in the order asked (undefined where missing). */
    originalsBytes: async (sha256s: readonly string[]) =>
      (await db.originals.bulkGet([...sha256s])).map((original) => original?.bytes),

    async exportArchive(options: WriteOptions = {}): Promise<Uint8Array> {
      return writeArchive(await this.content(), db.verno, options);
    },

    /** How many records of each kind the archive holds, the Trash included. */
    async counts(): Promise<RecordCounts> {
      return db.transaction('r', db.sources, db.notes, db.incidents, async () => ({
        sources: await db.sources.count(),
        notes: await db.notes.count(),
        incidents: await db.incidents.count(),
      }));
    },

    /**
     * Replays journaled writes on the archive, in one transaction. Originals come without
     * their bytes in the journal; `original` supplies them.
     */
    async applyJournal(
      ops: readonly JournalOp[],
      original: (sha256: string) => Promise<Uint8Array | undefined>,
    ): Promise<void> {
      const tables = {
        sources: db.sources,
        notes: db.notes,
        incidents: db.incidents,
        entities: db.entities,
        originals: db.originals,
        passages: db.passages,
      };
      const withBytes = new Map<string, Uint8Array>();
      for (const op of ops)
        if (op.table === 'originals')
          for (const value of op.put ?? []) {
            const sha = (value as { sha256: string }).sha256;
            const bytes = await original(sha);
            if (!bytes) throw new Error(`the original file ${sha} is missing from the snapshots`);
            withBytes.set(sha, bytes);
          }
      await guardWrite(() =>
        db.transaction('rw', Object.values(tables), async () => {
          for (const op of ops) {
            const table = tables[op.table as keyof typeof tables] as Table<unknown, unknown>;
            if (!table) continue;
            if (op.clear) await table.clear();
            if (op.delete) await table.bulkDelete(op.delete);
            if (op.put) {
              const values =
                op.table === 'originals'
                  ? op.put.map((v) => ({
                      ...(v as object),
                      bytes: withBytes.get((v as { sha256: string }).sha256),
                    }))
                  : op.put;
              await table.bulkPut(values);
            }
          }
        }),
      );
    },

    /** Checks a `.fieldbook` file and, only if it is sound, replaces the archive with it. */
    async restoreArchive(bytes: Uint8Array, options: ReadOptions = {}): Promise<ArchiveRead> {
      const read = await readArchive(bytes, db.verno, options);
      if (!read.ok) return read;
      await this.replaceWith(read.content);
      return read;
    },

    /** Replaces the archive with `content` (already checked), in one transaction. */
    async replaceWith(content: ArchiveContent): Promise<void> {
      const tables = [
        db.sources,
        db.notes,
        db.incidents,
        db.entities,
        db.originals,
        db.passages,
        db.searchIndex,
        db.searchSegments,
      ];
      await guardWrite(() =>
        db.transaction('rw', tables, async () => {
          for (const table of tables) await table.clear();
          await db.sources.bulkAdd(content.sources);
          await db.notes.bulkAdd(content.notes);
          await db.incidents.bulkAdd(content.incidents);
          await db.entities.bulkAdd(content.entities);
          await db.originals.bulkAdd(content.originals);
          await db.passages.bulkAdd(content.passages);
        }),
      );
    },
  };
}

export type BackupRepository = ReturnType<typeof backupRepository>;
