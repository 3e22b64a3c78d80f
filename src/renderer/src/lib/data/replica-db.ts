/**
 * Team work's databases in the app: this machine's replica in PouchDB over IndexedDB (its
 * `idb` adapter), beside the archive, holding the team's sealed documents only; the team's
 * server over HTTP.
 */
import PouchDB from 'pouchdb-core';
import idb from 'pouchdb-adapter-idb';
import http from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';
import { pouchDatabases } from './pouch-databases';

PouchDB.plugin(idb).plugin(http).plugin(replication);

export const replicaDatabases = pouchDatabases(PouchDB, 'idb');
