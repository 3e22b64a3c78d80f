/**
 * The change journal: every committed write to the archive's records, as it happens. A Dexie
 * middleware sees each write; once its transaction commits, the writes are handed on. A
 * transaction that aborts hands on nothing.
 *
 * Two kinds of listener take them: the snapshot folder's journal (`listen`: the last seconds
 * of work between snapshots; not while a restore or a vault's sealing rewrites the archive,
 * which the next snapshot holds whole), and the change feed (`subscribe`: the open views and
 * the search index, which must see every change, those included).
 */
import { ARCHIVE_TABLES } from '../../../../core/backup/archive-file';
import type { DBCore, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';

/** What a transaction did to one table: records put (whole), keys deleted, or everything cleared. */
export interface JournalOp {
  table: string;
  put?: unknown[];
  delete?: unknown[];
  clear?: true;
}

/** Journaled: the tables of an archive file, what a snapshot holds. */
export const JOURNALED_TABLES = ARCHIVE_TABLES;

export interface Journal {
  middleware: Middleware<DBCore>;
  /** Stops handing on writes (while a restore replaces the archive), or starts again. */
  suspend(suspended: boolean): void;
  /** Where committed writes go from now on, for the snapshot folder's journal. */
  listen(listener: (ops: JournalOp[]) => void): void;
  /**
   * Every committed write, suspended or not, with the transaction that made it (the native
   * one); returns the function that stops listening.
   */
  subscribe(listener: (ops: JournalOp[], transaction: object) => void): () => void;
}

export function changeJournal(listener: (ops: JournalOp[]) => void = () => undefined): Journal {
  let onCommitted = listener;
  const tables = new Set<string>(JOURNALED_TABLES);
  const subscribers = new Set<(ops: JournalOp[], transaction: object) => void>();
  /** Per transaction: every write, and which of them go to the snapshot journal. */
  const pending = new WeakMap<object, { all: JournalOp[]; journaled: JournalOp[] }>();
  let suspended = false;

  function record(trans: object, op: JournalOp) {
    let ops = pending.get(trans);
    if (!ops) {
      const mine = { all: [] as JournalOp[], journaled: [] as JournalOp[] };
      ops = mine;
      pending.set(trans, mine);
      const transaction = trans as Partial<EventTarget>;
      transaction.addEventListener?.('complete', () => {
        if (mine.journaled.length) onCommitted(mine.journaled);
        for (const subscriber of subscribers) subscriber(mine.all, trans);
      });
    }
    ops.all.push(op);
    if (!suspended) ops.journaled.push(op);
  }

  function journaled(table: DBCoreTable, name: string): DBCoreTable {
    return {
      ...table,
      mutate(req: DBCoreMutateRequest) {
        if (req.type === 'add' || req.type === 'put')
          record(req.trans, { table: name, put: Array.from(req.values as readonly unknown[]) });
        else if (req.type === 'delete')
          record(req.trans, { table: name, delete: Array.from(req.keys as unknown[]) });
        else record(req.trans, { table: name, clear: true });
        return table.mutate(req);
      },
    };
  }

  return {
    middleware: {
      stack: 'dbcore',
      name: 'fieldbook-journal',
      create: (down) => ({
        ...down,
        table(name: string) {
          const table = down.table(name);
          return tables.has(name) ? journaled(table, name) : table;
        },
      }),
    },
    suspend(value) {
      suspended = value;
    },
    listen(next) {
      onCommitted = next;
    },
    subscribe(listener) {
      subscribers.add(listener);
      return () => subscribers.delete(listener);
    },
  };
}
