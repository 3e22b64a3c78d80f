/** The archive: the database and its repositories, opened once for the app. */
import { backupRepository } from './backup';
import { openDatabase, type FieldbookDb } from './db';
import { changeJournal } from './journal';
import { Sealer, sealingMiddleware } from './sealing';
import { vaultRepository } from './vault';
import { entitiesRepository } from './entities';
import { incidentsRepository } from './incidents';
import { notesRepository } from './notes';
import { passagesRepository } from './passages';
import { searchIndexRepository } from './search-index';
import { sourcesRepository } from './sources';
import { trashRepository } from './trash';

export function openArchive(db: FieldbookDb = openDatabase()) {
  // Every committed write, for the snapshots' journal (see backup/snapshotter).
  const journal = changeJournal();
  db.use(journal.middleware);
  // A vault's records are sealed below everything else (see sealing.ts); no vault, no change.
  const sealer = new Sealer(() => db.verno);
  db.use(sealingMiddleware(sealer));
  return {
    db,
    journal,
    sealer,
    vault: vaultRepository(db, sealer),
    sources: sourcesRepository(db, Date.now, sealer),
    notes: notesRepository(db),
    passages: passagesRepository(db),
    incidents: incidentsRepository(db),
    trash: trashRepository(db),
    searchIndex: searchIndexRepository(db, sealer),
    entities: entitiesRepository(db),
    backup: backupRepository(db),
  };
}

export type Archive = ReturnType<typeof openArchive>;
