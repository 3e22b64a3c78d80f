/**
 * The team replica's database in the app: PouchDB over IndexedDB (its `idb` adapter), beside
 * the archive. It holds the team's sealed documents only.
 */
import PouchDB from 'pouchdb-core';
import idb from 'pouchdb-adapter-idb';
import replication from 'pouchdb-replication';
import type { ReplicaOpener } from './team';

PouchDB.plugin(idb).plugin(replication);

export const openReplicaDb: ReplicaOpener = (name) =>
  new PouchDB(name, { adapter: 'idb', auto_compaction: false });
