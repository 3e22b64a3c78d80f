/**
 * The archive's IndexedDB database, through Dexie. `SCHEMA` holds the whole version history:
 * never edit a published version, add a new one with its upgrade. Every version has a fixture
 * database in the tests, opened with the current code to prove that nothing is lost.
 *
 * Only fields that are queried are indexed (ids, dates, trash marks, foreign keys, hashes).
 * Titles, texts and tags stay out of every index query, so that a vault can seal them (see
 * sealing.ts). An upgrade that rewrites sealed records needs the vault unlocked: give it
 * its own step after unlocking rather than a Dexie upgrade function.
 */
import { Dexie, type EntityTable, type Transaction } from 'dexie';
import type { Incident, Note, Original, Passage, Source } from '../../../../core/model/types';
import { SEED_ENTITIES, type Entity } from '../../../../core/search/seed-entities';
import type { IndexManifest } from '../../../../core/search/engine';
import type { VaultHeader } from '../crypto/vault';
import type { TeamHeader, Member } from '../../../../core/sync/team';

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

/** What the archive says about itself in clear: for now, the vault's header when it has one. */
export interface MetaRecord {
  id: 'vault';
  header: VaultHeader;
}

/**
 * This machine's membership of a team (sealed in a vault): the team's keys and member list,
 * this member's signing key, and the name of the replica that holds the team's sealed
 * documents. Never in a snapshot or an archive file: it is the machine's, not the archive's.
 */
export interface TeamRecord {
  id: 'team';
  header: TeamHeader;
  /** Base64 of each team key, oldest first. */
  keys: { id: string; secret: string }[];
  members: Member[];
  signer: { member: string; secretKey: string; publicKey: string };
  /** The PouchDB database holding the team's sealed documents on this machine. */
  replica: string;
  /** The team's database on a server (CouchDB 3), once one is set. */
  server?: string;
  joinedAt: number;
}

export type FieldbookDb = Dexie & {
  sources: EntityTable<Source, 'id'>;
  notes: EntityTable<Note, 'id'>;
  incidents: EntityTable<Incident, 'id'>;
  searchIndex: EntityTable<StoredSearchManifest, 'id'>;
  searchSegments: EntityTable<StoredSearchSegment, 'id'>;
  entities: EntityTable<Entity, 'id'>;
  originals: EntityTable<Original, 'sha256'>;
  meta: EntityTable<MetaRecord, 'id'>;
  passages: EntityTable<Passage, 'id'>;
  team: EntityTable<TeamRecord, 'id'>;
};

export const DB_NAME = 'fieldbook';

export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<unknown>;
}

export const SCHEMA: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      sources: 'id, createdAt, publishedAt, deletedAt, *tags',
      notes: 'id, sourceId, createdAt, deletedAt',
      incidents: 'id, date, deletedAt, *sourceIds, *tags',
    },
  },
  // 2: the persisted search index.
  { version: 2, stores: { searchIndex: 'id' } },
  // 3: the thesaurus, seeded with the known groups and places (on creation, or on upgrade).
  {
    version: 3,
    stores: { entities: 'id' },
    upgrade: (tx) => tx.table('entities').bulkPut(SEED_ENTITIES),
  },
  // 4: the search index stored segment by segment; the single snapshot of version 2 goes.
  {
    version: 4,
    stores: { searchSegments: 'id' },
    upgrade: (tx) => tx.table('searchIndex').delete('main'),
  },
  // 5: imported files kept byte for byte; sources found by the hash of their file or their text.
  {
    version: 5,
    stores: {
      sources: 'id, createdAt, publishedAt, deletedAt, *tags, origin.sha256, textHash',
      originals: 'sha256',
    },
  },
  // 6: the vault's header (never sealed: it is what unlocks the rest).
  { version: 6, stores: { meta: 'id' } },
  // 7: passages marked in sources' texts.
  { version: 7, stores: { passages: 'id, sourceId, createdAt' } },
  // 8: records found by when they last changed: at start-up, what was committed in the moment
  // before the app died and never reached the journal outside the database.
  {
    version: 8,
    stores: {
      sources: 'id, createdAt, publishedAt, deletedAt, *tags, origin.sha256, textHash, updatedAt',
      notes: 'id, sourceId, createdAt, deletedAt, updatedAt',
      incidents: 'id, date, deletedAt, *sourceIds, *tags, updatedAt',
      passages: 'id, sourceId, createdAt, updatedAt',
    },
  },
  // 9: this machine's membership of a team, when it has joined one.
  { version: 9, stores: { team: 'id' } },
];

export const SCHEMA_VERSION = SCHEMA.length;

/** Opens the archive with the given history (the current one, unless a test says otherwise). */
export function openDatabase(name = DB_NAME, history: readonly SchemaVersion[] = SCHEMA): FieldbookDb {
  const db = new Dexie(name) as FieldbookDb;
  for (const { version, stores, upgrade } of history) {
    const declared = db.version(version).stores(stores);
    if (upgrade) declared.upgrade(upgrade);
  }
  if (history.some((v) => 'entities' in v.stores)) {
    db.on('populate', (tx) => {
      void tx.table('entities').bulkAdd(SEED_ENTITIES);
    });
  }
  return db;
}

/** The database on disk was written by a newer Fieldbook than this one. */
export class NewerDatabaseError extends Error {
  override readonly name = 'NewerDatabaseError';
  constructor(readonly found: number) {
    super(
      `the archive was saved by a newer Fieldbook (schema ${found}); this one reads up to ${SCHEMA_VERSION}`,
    );
  }
}

/**
 * Opens the database, refusing one that a newer Fieldbook wrote: Dexie 4 would open it with
 * this version's schema, and this code would then write records in shapes the newer one does
 * not expect. The database is left closed and untouched.
 */
export async function openChecked(db: FieldbookDb): Promise<FieldbookDb> {
  await db.open();
  // Dexie keeps IndexedDB's version at ten times its own.
  const found = db.backendDB().version / 10;
  if (found > SCHEMA_VERSION) {
    db.close();
    throw new NewerDatabaseError(found);
  }
  return db;
}

export function isNewerDatabase(error: unknown): error is NewerDatabaseError {
  return error instanceof NewerDatabaseError;
}
