/**
 * The persisted search index, segment by segment: a manifest (settings, segment ids, their
 * tombstones) and one record per segment. Sealed segments never change, so saving after an
 * edit writes one small segment and the manifest. The index is a cache: whatever is missing
 * or damaged is rebuilt from the records.
 */
import type { IndexManifest, IndexSnapshot } from '../../../../core/search/engine';
import type { FieldbookDb } from './db';
import { guardWrite } from './errors';

const MANIFEST = 'manifest';

export interface StoredIndex {
  manifest: IndexManifest;
  parts: Map<string, Uint8Array>;
}

export function searchIndexRepository(db: FieldbookDb) {
  return {
    /**
     * Reads the index piece by piece: the manifest, then each segment the moment storage
     * gives it (so that it can be decoded while the next is read). False when none is saved.
     */
    async read(
      onManifest: (manifest: IndexManifest) => void,
      onPart: (id: string, bytes: Uint8Array) => void,
    ): Promise<boolean> {
      return db.transaction('r', db.searchIndex, db.searchSegments, async () => {
        const record = await db.searchIndex.get(MANIFEST);
        if (!record) return false;
        onManifest(record.manifest);
        await Promise.all(
          record.manifest.segments.map(({ id }) =>
            db.searchSegments.get(id).then((segment) => {
              if (segment) onPart(segment.id, segment.bytes);
            }),
          ),
        );
        return true;
      });
    },

    async load(): Promise<StoredIndex | undefined> {
      return db.transaction('r', db.searchIndex, db.searchSegments, async () => {
        const record = await db.searchIndex.get(MANIFEST);
        if (!record) return undefined;
        const ids = record.manifest.segments.map((s) => s.id);
        const segments = await db.searchSegments.bulkGet(ids);
        const parts = new Map<string, Uint8Array>();
        for (const segment of segments) if (segment) parts.set(segment.id, segment.bytes);
        return { manifest: record.manifest, parts };
      });
    },

    /** Stores new segments and the manifest, and drops segments the manifest no longer names. */
    async save(snapshot: IndexSnapshot): Promise<void> {
      await guardWrite(() =>
        db.transaction('rw', db.searchIndex, db.searchSegments, async () => {
          await db.searchSegments.bulkPut(snapshot.added.map(({ id, bytes }) => ({ id, bytes })));
          await db.searchIndex.put({ id: MANIFEST, manifest: snapshot.manifest, savedAt: Date.now() });
          const keep = new Set(snapshot.manifest.segments.map((s) => s.id));
          const all = await db.searchSegments.toCollection().primaryKeys();
          await db.searchSegments.bulkDelete(all.filter((id) => !keep.has(id)));
        }),
      );
    },
  };
}

export type SearchIndexRepository = ReturnType<typeof searchIndexRepository>;
