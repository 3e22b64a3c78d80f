/**
 * The change feed: what every committed write changed, handed to the open views and the
 * search index as it happens, so that none of them re-reads a table to find out.
 *
 * Writes made here come from the journal's middleware, records and all. Writes made in another
 * window of the same archive come as the ids they touched, over a BroadcastChannel (ids only:
 * no title or text ever crosses it), and the records are read again here, through the vault's
 * sealing like any other read.
 */
import type { FieldbookDb } from './db';
import type { Journal, JournalOp } from './journal';

/** The tables the views and the search index follow. */
export const FEED_TABLES = ['sources', 'notes', 'incidents', 'passages', 'entities'] as const;
export type FeedTable = (typeof FEED_TABLES)[number];

/** What one commit did to one table: records now stored (whole), ids gone, or the table emptied first. */
export interface TableChange {
  put: Record<string, unknown>[];
  deleted: string[];
  /** The table was emptied before the puts (a restore replacing the archive). */
  cleared: boolean;
}

export type ArchiveChange = Partial<Record<FeedTable, TableChange>>;

export interface ChangeFeed {
  /** Every change from now on, here or in another window; returns the function that stops. */
  subscribe(listener: (change: ArchiveChange) => void): () => void;
  close(): void;
}

interface Announcement {
  tables: Partial<Record<FeedTable, { ids: string[]; cleared: boolean }>>;
}

const isFeedTable = (name: string): name is FeedTable => (FEED_TABLES as readonly string[]).includes(name);

/** A commit's writes, table by table; a later write of a record wins over an earlier one. */
export function changeOf(ops: readonly JournalOp[]): ArchiveChange {
  const change: ArchiveChange = {};
  for (const op of ops) {
    if (!isFeedTable(op.table)) continue;
    let table = change[op.table];
    if (!table) {
      table = { put: [], deleted: [], cleared: false };
      change[op.table] = table;
    }
    if (op.clear) {
      table.put = [];
      table.deleted = [];
      table.cleared = true;
    }
    const gone = new Set((op.delete ?? []).map(String));
    if (gone.size) {
      table.put = table.put.filter((r) => !gone.has(String(r.id)));
      table.deleted.push(...gone);
    }
    if (op.put?.length) {
      const now = new Set(op.put.map((r) => String((r as { id: unknown }).id)));
      table.put = table.put.filter((r) => !now.has(String(r.id)));
      table.deleted = table.deleted.filter((id) => !now.has(id));
      table.put.push(...(op.put as Record<string, unknown>[]));
    }
  }
  return change;
}

export function changeFeed(
  db: FieldbookDb,
  journal: Journal,
  onError: (error: unknown) => void,
  channelName = `fieldbook-changes:${db.name}`,
): ChangeFeed {
  const listeners = new Set<(change: ArchiveChange) => void>();
  const hand = (change: ArchiveChange) => {
    if (Object.keys(change).length === 0) return;
    for (const listener of listeners) listener(change);
  };
  const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(channelName);

  const stopJournal = journal.subscribe((ops) => {
    const change = changeOf(ops);
    hand(change);
    if (!channel || Object.keys(change).length === 0) return;
    const tables: Announcement['tables'] = {};
    for (const [name, table] of Object.entries(change) as [FeedTable, TableChange][])
      tables[name] = {
        ids: [...table.put.map((r) => String(r.id)), ...table.deleted],
        cleared: table.cleared,
      };
    channel.postMessage({ tables } satisfies Announcement);
  });

  /** Another window committed: read again what it touched, in order of arrival. */
  let reading: Promise<void> = Promise.resolve();
  if (channel)
    channel.onmessage = (event: MessageEvent<Announcement>) => {
      const { tables } = event.data;
      reading = reading
        .then(async () => {
          const change: ArchiveChange = {};
          for (const [name, { ids, cleared }] of Object.entries(tables) as [
            FeedTable,
            { ids: string[]; cleared: boolean },
          ][]) {
            if (!isFeedTable(name)) continue;
            const records = (await db.table(name).bulkGet(ids)) as (Record<string, unknown> | undefined)[];
            change[name] = {
              put: records.filter((r): r is Record<string, unknown> => r !== undefined),
              deleted: ids.filter((_, i) => records[i] === undefined),
              cleared,
            };
          }
          hand(change);
        })
        .catch(onError);
    };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      stopJournal();
      channel?.close();
      listeners.clear();
    },
  };
}
