/**
 * The persisted search index: one record holding the engine's serialized form, so that
 * start-up does not rebuild the index. It is a cache: when it is missing, damaged or of
 * another format, the index is rebuilt from the records.
 */
import type { FieldbookDb } from './db';
import { guardWrite } from './errors';

const KEY = 'main';

export function searchIndexRepository(db: FieldbookDb) {
  return {
    async load(): Promise<Uint8Array | undefined> {
      return (await db.searchIndex.get(KEY))?.bytes;
    },
    async save(bytes: Uint8Array): Promise<void> {
      await guardWrite(() => db.searchIndex.put({ id: KEY, bytes, savedAt: Date.now() }));
    },
    async clear(): Promise<void> {
      await db.searchIndex.delete(KEY);
    },
  };
}

export type SearchIndexRepository = ReturnType<typeof searchIndexRepository>;
