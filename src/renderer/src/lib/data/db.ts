/**
 * The archive's IndexedDB database, through Dexie. This file holds the whole schema history:
 * never edit a published version, add a new one with its upgrade.
 *
 * Only fields that are queried are indexed (ids, dates, trash marks, foreign keys, tags).
 * Titles and texts stay out of every index so that they can later be encrypted at rest
 * without a new design.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { Incident, Note, Original, Source } from '../../../../core/model/types';
import { SEED_ENTITIES, type Entity } from '../../../../core/search/seed-entities';
import type { IndexManifest } from '../../../../core/search/engine';

/** The search index's manifest as persisted (a cache, rebuilt from the records when damaged). */
export interface StoredSearchManifest {
  id: string;
  manifest: IndexManifest;
  savedAt: number;
}

/** One stored segment of the search index. */
export interface StoredSearchSegment {
  id: string;
  bytes: Uint8Array;
}

export type FieldbookDb = Dexie & {
  sources: EntityTable<Source, 'id'>;
  notes: EntityTable<Note, 'id'>;
  incidents: EntityTable<Incident, 'id'>;
  searchIndex: EntityTable<StoredSearchManifest, 'id'>;
  searchSegments: EntityTable<StoredSearchSegment, 'id'>;
  entities: EntityTable<Entity, 'id'>;
  originals: EntityTable<Original, 'sha256'>;
};

export const DB_NAME = 'fieldbook';

export function openDatabase(name = DB_NAME): FieldbookDb {
  const db = new Dexie(name) as FieldbookDb;
  db.version(1).stores({
    sources: 'id, createdAt, publishedAt, deletedAt, *tags',
    notes: 'id, sourceId, createdAt, deletedAt',
    incidents: 'id, date, deletedAt, *sourceIds, *tags',
  });
  // 2: the persisted search index.
  db.version(2).stores({ searchIndex: 'id' });
  // 3: the thesaurus, seeded with the known groups and places (on creation, or on upgrade).
  db.version(3)
    .stores({ entities: 'id' })
    .upgrade((tx) => tx.table('entities').bulkPut(SEED_ENTITIES));
  // 4: the search index stored segment by segment; the single snapshot of version 2 goes.
  db.version(4)
    .stores({ searchSegments: 'id' })
    .upgrade((tx) => tx.table('searchIndex').delete('main'));
  // 5: imported files kept byte for byte; sources found by the hash of their file or their text.
  db.version(5).stores({
    sources: 'id, createdAt, publishedAt, deletedAt, *tags, origin.sha256, textHash',
    originals: 'sha256',
  });
  db.on('populate', (tx) => {
    void tx.table('entities').bulkAdd(SEED_ENTITIES);
  });
  return db;
}
