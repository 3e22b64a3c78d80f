/**
 * The persisted search index, segment by segment: a manifest (settings, segment ids, their
 * tombstones) and one record per segment. Sealed segments never change, so saving after an
 * edit writes one small segment and the manifest. The index is a cache: whatever is missing
 * or damaged is rebuilt from the records.
 */
import type { IndexManifest, IndexSnapshot } from '../../../../core/search/engine';
import type { FieldbookDb } from './db';
import { openStored, request, SEALED_TABLES, type Sealer } from './sealing';
import type { IndexSink } from '../search/client';
import { guardWrite } from './errors';

const MANIFEST = 'manifest';

export interface StoredIndex {
  manifest: IndexManifest;
  parts: Map<string, Uint8Array>;
  /** Each segment's texts, stored apart (read after every segment). */
  texts: Map<string, Uint8Array>;
}

/** The key a segment's texts are stored under, beside the segment. */
const textsKey = (id: string) => `${id}/texts`;

export function searchIndexRepository(db: FieldbookDb, sealer?: Sealer) {
  /**
   * In a vault, the index is read straight from IndexedDB and opened through WebCrypto (see
   * `openStored`): its segments are most of the archive's bytes, and opening them in Dexie's
   * transaction, synchronously in JavaScript, took 3.6 of the 4.8 s to a first search hit at
   * 50,000 documents.
   */
  async function readSealed(sink: IndexSink): Promise<boolean> {
    const tx = db.backendDB().transaction(['searchIndex', 'searchSegments'], 'readonly');
    const segments = tx.objectStore('searchSegments');
    const stored: unknown = await request(tx.objectStore('searchIndex').get(MANIFEST));
    if (!stored) return false;
    // Opened at once (it is small): the transaction must still be active for the reads below.
    const { manifest } = sealer!.open('searchIndex', SEALED_TABLES.searchIndex!, stored, sealer!.key()!) as {
      manifest: IndexManifest;
    };
    sink.manifest(manifest);
    const ids = manifest.segments.map((s) => s.id);
    const opened = (raw: unknown) => (raw ? openStored(sealer!, 'searchSegments', raw) : undefined);
    // Every request is made at once, in the transaction; each segment is opened and handed on
    // as it comes, while the others are still being read.
    const reads = ids.map((id) => request(segments.get(id)).then(opened));
    await Promise.all(
      reads.map((read) =>
        read.then((segment) => {
          if (segment) sink.part(segment.id as string, segment.bytes as Uint8Array);
        }),
      ),
    );
    sink.partsEnd();
    await sink.beforeTexts?.();
    const later = db.backendDB().transaction('searchSegments', 'readonly').objectStore('searchSegments');
    await Promise.all(
      ids.map((id) =>
        request(later.get(textsKey(id)))
          .then(opened)
          .then((texts) => {
            if (texts) sink.texts(id, texts.bytes as Uint8Array);
          }),
      ),
    );
    return true;
  }

  return {
    /**
     * Reads the index piece by piece: the manifest, then each segment the moment storage gives
     * it (so that it can be decoded while the next is read), then their texts. False when none
     * is saved.
     */
    async read(sink: IndexSink): Promise<boolean> {
      if (sealer?.state === 'unlocked') return readSealed(sink);
      const ids = await db.transaction('r', db.searchIndex, db.searchSegments, async () => {
        const record = await db.searchIndex.get(MANIFEST);
        if (!record) return undefined;
        sink.manifest(record.manifest);
        const ids = record.manifest.segments.map((s) => s.id);
        await Promise.all(
          ids.map((id) =>
            db.searchSegments.get(id).then((segment) => {
              if (segment) sink.part(segment.id, segment.bytes);
            }),
          ),
        );
        return ids;
      });
      if (!ids) return false;
      sink.partsEnd();
      // The texts are read when the window is free (reading them takes its thread for a while):
      // a search answered meanwhile is painted first. A segment whose texts were replaced in
      // between is simply rebuilt.
      await sink.beforeTexts?.();
      await db.transaction('r', db.searchSegments, () =>
        Promise.all(
          ids.map((id) =>
            db.searchSegments.get(textsKey(id)).then((texts) => {
              if (texts) sink.texts(id, texts.bytes);
            }),
          ),
        ),
      );
      return true;
    },

    /** The whole index at once (segments and their texts), for tests and checks. */
    async load(): Promise<StoredIndex | undefined> {
      return db.transaction('r', db.searchIndex, db.searchSegments, async () => {
        const record = await db.searchIndex.get(MANIFEST);
        if (!record) return undefined;
        const ids = record.manifest.segments.map((s) => s.id);
        const segments = await db.searchSegments.bulkGet(ids);
        const texts = await db.searchSegments.bulkGet(ids.map(textsKey));
        const parts = new Map<string, Uint8Array>();
        const textParts = new Map<string, Uint8Array>();
        for (const segment of segments) if (segment) parts.set(segment.id, segment.bytes);
        texts.forEach((t, i) => {
          if (t) textParts.set(ids[i] as string, t.bytes);
        });
        return { manifest: record.manifest, parts, texts: textParts };
      });
    },

    /** Stores new segments and the manifest, and drops segments the manifest no longer names. */
    async save(snapshot: IndexSnapshot): Promise<void> {
      await guardWrite(() =>
        db.transaction('rw', db.searchIndex, db.searchSegments, async () => {
          await db.searchSegments.bulkPut(
            snapshot.added.flatMap(({ id, bytes, texts }) => [
              { id, bytes },
              { id: textsKey(id), bytes: texts },
            ]),
          );
          await db.searchIndex.put({ id: MANIFEST, manifest: snapshot.manifest, savedAt: Date.now() });
          const keep = new Set(snapshot.manifest.segments.flatMap((s) => [s.id, textsKey(s.id)]));
          const all = await db.searchSegments.toCollection().primaryKeys();
          await db.searchSegments.bulkDelete(all.filter((id) => !keep.has(id)));
        }),
      );
    },
  };
}

export type SearchIndexRepository = ReturnType<typeof searchIndexRepository>;
