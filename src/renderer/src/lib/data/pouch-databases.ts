/**
 * Team work's databases over PouchDB, whatever adapter keeps this machine's replica (`idb` in
 * the app, `memory` in the tests). The server is reached through PouchDB's `http` adapter,
 * which speaks CouchDB's replication protocol.
 */
import type PouchDB from 'pouchdb-core';
import type { Database } from 'pouchdb-core';
import type { ReplicaDatabases } from './team';

type PouchStatic = typeof PouchDB;

export function pouchDatabases(Pouch: PouchStatic, adapter: string): ReplicaDatabases {
  return {
    open: (name) => new Pouch(name, { adapter, auto_compaction: false }),
    remote: (url, options) => new Pouch(url, { adapter: 'http', skip_setup: options?.create === false }),
    replicate(from, to, { signal, onProgress }) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason as Error);
          return;
        }
        const replication = Pouch.replicate(from as Database, to as Database, {
          batch_size: 100,
          batches_limit: 4,
        });
        const stop = () => replication.cancel();
        signal?.addEventListener('abort', stop, { once: true });
        replication.on('change', (info) => onProgress?.(info.docs_written));
        void replication.then(
          (info) => {
            signal?.removeEventListener('abort', stop);
            if (signal?.aborted) reject(signal.reason as Error);
            else if (info.status === 'aborted' || info.ok === false)
              reject(new Error(`replication stopped (${info.status})`));
            else resolve({ written: info.docs_written });
          },
          (error: unknown) => {
            signal?.removeEventListener('abort', stop);
            reject(
              error instanceof Error
                ? error
                : new Error(String((error as { message?: unknown })?.message ?? error)),
            );
          },
        );
      });
    },
  };
}
