/**
 * Sources: create (with the original file they came from), edit, move to Trash (with their
 * notes, in one transaction), and find by the hash of their file or of their text.
 */
import type { Original, Source, SourceDraft } from '../../../../core/model/types';
import type { FieldbookDb } from './db';
import { guardWrite } from './errors';
import { newId } from './ids';

export function sourcesRepository(db: FieldbookDb, now: () => number = Date.now) {
  return {
    async create(draft: SourceDraft): Promise<Source> {
      const time = now();
      const source: Source = { ...draft, id: newId(), createdAt: time, updatedAt: time };
      await guardWrite(() => db.sources.add(source));
      return source;
    },

    /**
     * Saves sources imported from files together with the files' bytes, in one transaction:
     * an original is never stored without its sources, nor a source without its original.
     * An import saves files in batches, so that a thousand files are not a thousand commits.
     */
    async createFromFiles(
      files: readonly { drafts: readonly SourceDraft[]; original: Original }[],
    ): Promise<Source[][]> {
      const time = now();
      const saved = files.map(({ drafts }) =>
        drafts.map((draft): Source => ({ ...draft, id: newId(), createdAt: time, updatedAt: time })),
      );
      await guardWrite(() =>
        db.transaction('rw', db.sources, db.originals, async () => {
          const originals = new Map(files.map((f) => [f.original.sha256, f.original]));
          const present = await db.originals.bulkGet([...originals.keys()]);
          await db.originals.bulkAdd([...originals.values()].filter((_, i) => !present[i]));
          await db.sources.bulkAdd(saved.flat());
        }),
      );
      return saved;
    },

    /** A source (live or in the Trash) imported from a file with these bytes. */
    findByFileHash: (sha256: string) => db.sources.where('origin.sha256').equals(sha256).first(),

    /** A source (live or in the Trash) with this text, as `textFingerprint` hashes it. */
    findByTextHash: (hash: string) => db.sources.where('textHash').equals(hash).first(),

    original: (sha256: string) => db.originals.get(sha256),

    /** Replaces what was extracted from a source's file, keeping its metadata as edited. */
    async replaceExtraction(
      id: string,
      extracted: Pick<SourceDraft, 'text' | 'html' | 'pageStarts' | 'flags' | 'textHash' | 'language'>,
    ): Promise<Source> {
      return guardWrite(() =>
        db.transaction('rw', db.sources, async () => {
          const existing = await db.sources.get(id);
          if (!existing) throw new Error(`No source with id ${id}`);
          const updated: Source = { ...existing, updatedAt: now(), text: extracted.text };
          for (const key of ['html', 'pageStarts', 'flags', 'textHash'] as const) {
            if (extracted[key] === undefined) delete updated[key];
            else (updated as Record<typeof key, unknown>)[key] = extracted[key];
          }
          if (!existing.language && extracted.language) updated.language = extracted.language;
          await db.sources.put(updated);
          return updated;
        }),
      );
    },

    async update(id: string, draft: SourceDraft): Promise<Source> {
      return guardWrite(() =>
        db.transaction('rw', db.sources, async () => {
          const existing = await db.sources.get(id);
          if (!existing) throw new Error(`No source with id ${id}`);
          const updated: Source = {
            ...draft,
            id,
            createdAt: existing.createdAt,
            updatedAt: now(),
            ...(existing.deletedAt !== undefined ? { deletedAt: existing.deletedAt } : {}),
          };
          await db.sources.put(updated);
          return updated;
        }),
      );
    },

    get: (id: string) => db.sources.get(id),

    /** The sources with these ids, in that order; an id no longer stored is left out. */
    async getMany(ids: readonly string[]): Promise<Source[]> {
      const found = await db.sources.bulkGet([...ids]);
      return found.filter((s): s is Source => s !== undefined);
    },

    /** Live sources, newest first. */
    listLive: () =>
      db.sources
        .orderBy('createdAt')
        .reverse()
        .filter((s) => s.deletedAt === undefined)
        .toArray(),

    /** Moves a source and its live notes to the Trash together. */
    async trash(id: string): Promise<void> {
      await guardWrite(() =>
        db.transaction('rw', db.sources, db.notes, async () => {
          const time = now();
          const updated = await db.sources.update(id, { deletedAt: time });
          if (!updated) throw new Error(`No source with id ${id}`);
          await db.notes
            .where('sourceId')
            .equals(id)
            .filter((n) => n.deletedAt === undefined)
            .modify({ deletedAt: time, trashedWith: id });
        }),
      );
    },
  };
}

export type SourcesRepository = ReturnType<typeof sourcesRepository>;
